// nacl-cert endpoint matching: the reference's domain and IP vectors, and the name, IP and MAC
// rules one by one.
#include "naclcertfixture.h"

using namespace naclcerttest;

class tst_NaclCertMatch : public QObject, private NaclCertFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { setUpFixture(); }

    // ---- Endpoint matching --------------------------------------------------------------

    void matchDomain_data() {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("expected");
        QTest::newRow("exact") << s("example.test") << true;
        QTest::newRow("subdomain") << s("chat.example.test") << true;
        QTest::newRow("deep subdomain") << s("a.b.example.test") << true;
        QTest::newRow("suffix without a dot") << s("badexample.test") << false;
        QTest::newRow("name as a prefix") << s("example.test.evil.org") << false;
        QTest::newRow("parent") << s("test") << false;
        QTest::newRow("host upper case") << s("EXAMPLE.Test") << true;
        QTest::newRow("name upper case") << s("www.upper.test") << true;
        QTest::newRow("host trailing dot") << s("example.test.") << true;
        QTest::newRow("name trailing dot") << s("dot.test") << true;
        QTest::newRow("name trailing dot, subdomain") << s("x.dot.test.") << true;
        QTest::newRow("two trailing dots") << s("example.test..") << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("only a dot") << s(".") << false;
        QTest::newRow("leading dot") << s(".example.test") << false;
        QTest::newRow("empty label") << s("a..example.test") << false;
        QTest::newRow("regex metacharacter") << s("exampleXtest") << false;
        QTest::newRow("ip name exact") << s("10.1.2.3") << true;
        QTest::newRow("ip name is no parent") << s("5.10.1.2.3") << false;
        QTest::newRow("other") << s("example.org") << false;
    }
    void matchDomain() {
        QFETCH(QString, host);
        QFETCH(bool, expected);
        QCOMPARE(cert::matchDomain(*m_leaf, host), expected);
    }

    void matchIp_data() {
        QTest::addColumn<QString>("address");
        QTest::addColumn<bool>("expected");
        QTest::newRow("v4") << s("127.0.0.1") << true;
        QTest::newRow("v4-mapped v6") << s("::ffff:127.0.0.1") << true;
        QTest::newRow("v6 loopback") << s("::1") << true;
        QTest::newRow("v6 loopback long form") << s("0:0:0:0:0:0:0:1") << true;
        QTest::newRow("::1 is not 127.0.0.1") << s("127.0.0.2") << false;
        QTest::newRow("v6 other case and zeros") << s("2001:DB8:0::1") << true;
        QTest::newRow("mapped entry, v4 address") << s("10.9.9.9") << true;
        QTest::newRow("other v4") << s("10.0.0.1") << false;
        QTest::newRow("garbage") << s("garbage") << false;
        QTest::newRow("empty") << QString() << false;
    }
    void matchIp() {
        QFETCH(QString, address);
        QFETCH(bool, expected);
        QCOMPARE(cert::matchIp(*m_leaf, QHostAddress(address)), expected);
    }

    void matchIpIgnoresUnparsableEntries_data() {
        QTest::addColumn<QString>("entry");
        QTest::addColumn<QString>("address");
        QTest::newRow("garbage") << s("bogus") << s("127.0.0.1");
        QTest::newRow("short form") << s("127.1") << s("127.0.0.1");
        QTest::newRow("hex part") << s("0x7f.0.0.1") << s("127.0.0.1");
        QTest::newRow("leading zero (octal to Qt)") << s("017.0.0.3") << s("15.0.0.3");
        QTest::newRow("leading zero (decimal)") << s("017.0.0.3") << s("17.0.0.3");
        QTest::newRow("one number") << s("2130706433") << s("127.0.0.1");
        QTest::newRow("space") << s(" 10.0.0.4") << s("10.0.0.4");
        QTest::newRow("brackets") << s("[::1]") << s("::1");
        QTest::newRow("lenient mapped tail") << s("::ffff:127.1") << s("127.0.0.1");
        QTest::newRow("empty") << QString() << s("0.0.0.0");
    }
    void matchIpIgnoresUnparsableEntries() {
        QFETCH(QString, entry);
        QFETCH(QString, address);
        QVERIFY(!cert::parseIpStrict(entry));
        cert::CertRequest req;
        req.publicKey = m_leafKeys.publicKey;
        req.tteMs = kNow + kDay;
        // sign() refuses such entries, so make the certificate by hand.
        const json::Value desc = json::Value::object({
            {s("version"), json::Value(s("1.0"))},
            {s("type"), json::Value(s("ca"))},
            {s("tte"), json::Value(static_cast<double>(kNow + kDay))},
            {s("publickey"), json::bytesToArray(m_leafKeys.publicKey)},
            {s("names"), json::Value::array()},
            {s("ips"), json::Value::array({json::Value(entry)})},
            {s("ca"), json::Value(s("example.ca"))},
        });
        const Certificate c = signManually(desc, m_ca->secretKey);
        QVERIFY(cert::validate(c, &m_ca->cert, kNow).valid);
        QVERIFY(!QHostAddress(address).isNull());
        QVERIFY(!cert::matchIp(c, QHostAddress(address)));
    }

    void matchMac_data() {
        QTest::addColumn<QString>("mac");
        QTest::addColumn<bool>("expected");
        QTest::newRow("colons") << s("00:11:22:33:44:55") << true;
        QTest::newRow("dashes") << s("00-11-22-33-44-55") << true;
        QTest::newRow("dots") << s("0011.2233.4455") << true;
        QTest::newRow("bare") << s("001122334455") << true;
        QTest::newRow("lower against upper entry") << s("aa:bb:cc:dd:ee:ff") << true;
        QTest::newRow("upper against dashed entry") << s("AA:BB:CC:DD:EE:FF") << true;
        QTest::newRow("other") << s("00:11:22:33:44:56") << false;
        QTest::newRow("mixed separators") << s("00:11-22:33:44:55") << false;
        QTest::newRow("short") << s("00:11:22:33:44") << false;
        QTest::newRow("not hex") << s("g0:11:22:33:44:55") << false;
        QTest::newRow("misplaced separators") << s("001:12:23:34:45:5") << false;
        QTest::newRow("empty") << QString() << false;
    }
    void matchMac() {
        QFETCH(QString, mac);
        QFETCH(bool, expected);
        QCOMPARE(cert::matchMac(*m_leaf, mac), expected);
    }
};

QTEST_GUILESS_MAIN(tst_NaclCertMatch)
#include "tst_naclcertmatch.moc"
