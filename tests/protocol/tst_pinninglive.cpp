// PinningVerifier in a real session: SecureWebSocket clients against a live `sws serve` whose
// key changes between two runs on the same port.
#include "cert/keyfiles.h"
#include "session/securewebsocket.h"
#include "testutil.h"
#include "trust/pinningverifier.h"
#include "trust/trustservice.h"
#include "trusttestutil.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sws;
using namespace trusttest;
using namespace testutil;

Q_DECLARE_METATYPE(sws::PinPolicy)

namespace {

struct Attempt {
    bool secured = false;
    bool asked = false;
    SessionError error = SessionError::None;
    quint16 closeCode = 0;
    QString reason;
    QList<QByteArray> echoed;
};

} // namespace

class tst_PinningLive : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_keyA, m_keyB;
    QByteArray m_pubA, m_pubB;
    int m_case = 0;

    // One session: "early" is queued before the handshake; on Ask the key is pinned and
    // approved when approve is true.
    Attempt connectOnce(const QUrl &url, TrustService &trust, PinPolicy policy, bool approve) {
        SessionConfig cfg;
        cfg.keyPair = BoxKeyPair::generate();
        auto verifier = std::make_shared<PinningVerifier>(trust, policy);
        cfg.verifier = verifier;
        SecureWebSocket socket(std::move(cfg));
        Attempt a;
        QObject::connect(&socket, &SecureWebSocket::peerApprovalRequired, &socket,
                         [&](const PeerIdentity &peer) {
                             a.asked = true;
                             QCOMPARE(socket.state(), SecureWebSocket::State::Verifying);
                             if (approve)
                                 verifier->pinAccepted(peer, false);
                             socket.approvePeer(approve);
                         });
        QObject::connect(&socket, &SecureWebSocket::secured, &socket, [&] { a.secured = true; });
        QObject::connect(&socket, &SecureWebSocket::binaryMessageReceived, &socket,
                         [&](const QByteArray &m) { a.echoed << m; });
        QSignalSpy closed(&socket, &SecureWebSocket::disconnected);
        (void)socket.sendBinaryMessage("early");
        socket.open(url);
        // Either refused (closed) or secured with the early message echoed.
        if (!QTest::qWaitFor([&] { return closed.count() > 0 || !a.echoed.isEmpty(); }, 20000))
            return a;
        a.error = socket.error();
        a.closeCode = socket.closeCode();
        a.reason = socket.closeReason();
        socket.close();
        (void)QTest::qWaitFor([&] { return closed.count() > 0; }, 5000);
        return a;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_keyA = m_tmp.filePath(s("a.json"));
        m_keyB = m_tmp.filePath(s("b.json"));
        m_pubA = writeFreshKey(m_keyA);
        m_pubB = writeFreshKey(m_keyB);
        QVERIFY(!m_pubA.isEmpty() && !m_pubB.isEmpty());
    }

    void policies_data() {
        QTest::addColumn<PinPolicy>("policy");
        QTest::addColumn<bool>("firstSecured");  // key A, nothing pinned
        QTest::addColumn<bool>("firstPins");     // key A pinned afterwards
        QTest::addColumn<bool>("secondSecured"); // key B, A pinned
        QTest::newRow("strict") << PinPolicy::Strict << false << false << false;
        QTest::newRow("ask") << PinPolicy::Ask << true << true << false;
        QTest::newRow("accept-new") << PinPolicy::AcceptNew << true << true << false;
        QTest::newRow("off") << PinPolicy::Off << true << false << true;
    }
    void policies() {
        QFETCH(PinPolicy, policy);
        QFETCH(bool, firstSecured);
        QFETCH(bool, firstPins);
        QFETCH(bool, secondSecured);
        TrustService trust(Profile(m_tmp.filePath(QStringLiteral("s%1").arg(++m_case))));

        LiveServer server;
        QVERIFY(server.start(m_keyA));
        const QUrl url = server.url();
        const QString endpoint = endpointKey(url);
        const Attempt first = connectOnce(url, trust, policy, true);
        QCOMPARE(first.secured, firstSecured);
        QCOMPARE(first.asked, policy == PinPolicy::Ask);
        if (firstSecured) {
            QCOMPARE(first.echoed, QList<QByteArray>{QByteArray("early")});
        } else {
            QCOMPARE(first.error, SessionError::PeerKeyNotTrusted);
            QCOMPARE(first.closeCode, quint16(4041));
            QVERIFY(first.echoed.isEmpty());
        }
        QCOMPARE(bool(trust.snapshot()->pin(endpoint)), firstPins);
        if (firstPins)
            QCOMPARE(trust.snapshot()->pin(endpoint)->publicKey, m_pubA);

        // The same endpoint, another key. Strict and off start from a pinned A too.
        if (!firstPins) {
            QVERIFY(trust.writeAndWait(
                [endpoint, key = m_pubA](TrustStore &t) { t.setPin(endpoint, key, true, 0); }));
        }
        const quint16 port = server.port();
        server.stop();
        QVERIFY(server.start(m_keyB, port));
        QCOMPARE(server.url(), url);
        const Attempt second = connectOnce(url, trust, policy, true);
        QCOMPARE(second.secured, secondSecured);
        QVERIFY(!second.asked);
        if (secondSecured) {
            QCOMPARE(second.echoed, QList<QByteArray>{QByteArray("early")});
        } else {
            QCOMPARE(second.error, SessionError::PeerKeyChanged);
            QCOMPARE(second.closeCode, quint16(4040));
            QVERIFY(second.echoed.isEmpty()); // nothing of ours reached the application
            QVERIFY2(second.reason.contains(fingerprint(m_pubA)), qPrintable(second.reason));
            QVERIFY2(second.reason.contains(fingerprint(m_pubB)), qPrintable(second.reason));
        }
        QCOMPARE(trust.snapshot()->pin(endpoint)->publicKey, m_pubA); // never replaced silently
        trust.flush();
        QCOMPARE(TrustStore::load(trust.profile().trustStorePath())->pin(endpoint)->publicKey,
                 m_pubA);
    }

    void askRefused() {
        TrustService trust(Profile(m_tmp.filePath(s("refused"))));
        LiveServer server;
        QVERIFY(server.start(m_keyA));
        const Attempt a = connectOnce(server.url(), trust, PinPolicy::Ask, false);
        QVERIFY(a.asked);
        QVERIFY(!a.secured);
        QCOMPARE(a.error, SessionError::PeerKeyNotTrusted);
        QVERIFY(a.echoed.isEmpty());
        QVERIFY(trust.snapshot()->pins().isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_PinningLive)
#include "tst_pinninglive.moc"
