// Nothing leaks: no plaintext and no key bytes on the wire or in the logs, and key memory is
// wiped when sessions and identities are destroyed.
//
//  - Wire: a TCP proxy between client and server records both directions; the recording is
//    parsed as WebSocket frames (client frames unmasked) and scanned, raw and decoded, for each
//    message's random canary and for every secret key and share key, in raw, hex, base64 and
//    decimal-array (JSON) form, any 12-byte window of them. Controls that show the scan can
//    find things: the public keys are found in their decimal-array form in the decoded stream
//    (and the client's is not in the raw, masked, stream), and the captured data frames open
//    with the share keys to exactly the messages sent.
//  - Logs: every sws.* category enabled at debug level, a message handler records everything
//    while honest and hostile sessions run; the records are scanned the same way (and must
//    hold the failures, so the handler demonstrably saw the sessions). `sws serve --verbose`
//    and `sws connect --verbose` (QT_LOGGING_RULES=sws.*=true) are run and their output scanned.
//  - Memory: this binary replaces operator new[]/delete[] (SecretBuffer allocates with new[])
//    with versions that keep a list of live blocks and, while armed, keep a copy of every block
//    that is freed without being all zeros. A test then knows the session's secrets (from the
//    handshake records and the key pairs) and checks that no freed block held any of them, that
//    secret blocks were freed at all, and that after everything is destroyed no live block
//    holds them. What this proves: every heap copy of a key made with new[] (every SecretBuffer:
//    identity keys, share keys, the precomputed box key) was zeroed before it was freed, and
//    none outlives the objects that own it. What it does not prove: copies in memory that does
//    not come from new[] (QByteArray and other malloc'd buffers: temporaries that the code
//    wipes explicitly),
//    stack copies, or what libsodium keeps internally.
#include "cert/keyfiles.h"
#include "chat/room.h"
#include "testpeers.h"

#include <QLoggingCategory>
#include <QMutex>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sodium.h>

#include <cstdlib>
#include <mutex>
#include <new>
#include <string>
#include <vector>

using namespace sws;
using namespace testpeers;

// ---- Allocation tracking for new[] / delete[] ---------------------------------------------

namespace alloctrack {

struct alignas(16) Header {
    Header *prev;
    Header *next;
    std::size_t size;
};

Header g_live{&g_live, &g_live, 0};
std::mutex g_mutex;
bool g_armed = false;                          // record freed blocks that are not all zeros
std::vector<std::string> *g_unwiped = nullptr; // their contents, while armed
std::size_t g_freedWhileArmed = 0;

void *allocate(std::size_t n) {
    auto *h = static_cast<Header *>(std::malloc(sizeof(Header) + (n ? n : 1)));
    if (!h)
        throw std::bad_alloc();
    h->size = n;
    std::lock_guard<std::mutex> lock(g_mutex);
    h->prev = &g_live;
    h->next = g_live.next;
    g_live.next->prev = h;
    g_live.next = h;
    return h + 1;
}

void release(void *p) noexcept {
    if (!p)
        return;
    Header *h = static_cast<Header *>(p) - 1;
    {
        std::lock_guard<std::mutex> lock(g_mutex);
        h->prev->next = h->next;
        h->next->prev = h->prev;
        if (g_armed) {
            ++g_freedWhileArmed;
            const auto *b = static_cast<const unsigned char *>(p);
            bool zero = true;
            for (std::size_t i = 0; i < h->size && zero; ++i)
                zero = b[i] == 0;
            if (!zero)
                g_unwiped->emplace_back(static_cast<const char *>(p), h->size);
        }
    }
    std::free(h);
}

// Arms recording; returns the blocks freed unwiped since, when disarmed.
void arm() {
    std::lock_guard<std::mutex> lock(g_mutex);
    g_unwiped = new std::vector<std::string>;
    g_freedWhileArmed = 0;
    g_armed = true;
}
std::vector<std::string> disarm(std::size_t *freed) {
    std::lock_guard<std::mutex> lock(g_mutex);
    g_armed = false;
    std::vector<std::string> out = std::move(*g_unwiped);
    delete g_unwiped;
    g_unwiped = nullptr;
    *freed = g_freedWhileArmed;
    return out;
}

// Live new[] blocks that contain `needle`.
int liveBlocksHolding(const QByteArray &needle) {
    std::lock_guard<std::mutex> lock(g_mutex);
    int n = 0;
    for (Header *h = g_live.next; h != &g_live; h = h->next) {
        const QByteArrayView block(reinterpret_cast<const char *>(h + 1),
                                   static_cast<qsizetype>(h->size));
        n += block.contains(needle) ? 1 : 0;
    }
    return n;
}

} // namespace alloctrack

void *operator new[](std::size_t n) {
    return alloctrack::allocate(n);
}
void *operator new[](std::size_t n, const std::nothrow_t &) noexcept {
    try {
        return alloctrack::allocate(n);
    } catch (...) {
        return nullptr;
    }
}
void operator delete[](void *p) noexcept {
    alloctrack::release(p);
}
void operator delete[](void *p, std::size_t) noexcept {
    alloctrack::release(p);
}
void operator delete[](void *p, const std::nothrow_t &) noexcept {
    alloctrack::release(p);
}

// ---- Scanning ------------------------------------------------------------------------------

namespace {

constexpr int kWindow = 12; // bytes of a secret that must not appear anywhere

QByteArray decimalForm(const QByteArray &b) {
    QByteArray out;
    for (qsizetype i = 0; i < b.size(); ++i) {
        if (i)
            out += ',';
        out += QByteArray::number(static_cast<unsigned char>(b[i]));
    }
    return out;
}

// Every way a secret could show: any kWindow-byte window of it, raw, in hex (either case),
// base64, and as the JSON byte array this protocol writes.
struct Secret {
    QString name;
    QByteArray bytes;
};
std::vector<std::pair<QString, QByteArray>> formsOf(const Secret &s) {
    std::vector<std::pair<QString, QByteArray>> out;
    const int n = static_cast<int>(s.bytes.size());
    for (int i = 0; i + kWindow <= n; ++i) {
        const QByteArray w = s.bytes.mid(i, kWindow);
        out.push_back({s.name + QStringLiteral(" raw"), w});
        out.push_back({s.name + QStringLiteral(" hex"), w.toHex()});
        out.push_back({s.name + QStringLiteral(" HEX"), w.toHex().toUpper()});
        out.push_back({s.name + QStringLiteral(" decimal"), decimalForm(w)});
    }
    // base64 shifts with alignment: the whole value and its three alignments.
    for (int a = 0; a < 3 && a < n; ++a)
        out.push_back({s.name + QStringLiteral(" base64"),
                       s.bytes.mid(a, (n - a) / 3 * 3).toBase64().left(16)});
    return out;
}

// Names of the secrets found in `haystack`.
QStringList findSecrets(const QByteArray &haystack, const std::vector<Secret> &secrets) {
    QStringList found;
    for (const Secret &s : secrets)
        for (const auto &[name, form] : formsOf(s))
            if (haystack.contains(form) && !found.contains(name))
                found << name;
    return found;
}

// One direction of a WebSocket connection as captured: the HTTP header, then frames.
struct Decoded {
    QByteArray payloads; // every frame's payload, unmasked, concatenated
    QList<QByteArray> binary;
    QList<QByteArray> text;
    bool complete = true;
};
Decoded decode(const QByteArray &stream) {
    Decoded d;
    qsizetype p = stream.indexOf("\r\n\r\n");
    if (p < 0) {
        d.complete = false;
        return d;
    }
    p += 4;
    QByteArray message;
    int messageOpcode = 0;
    while (p < stream.size()) {
        if (p + 2 > stream.size()) {
            d.complete = false;
            break;
        }
        const auto b0 = static_cast<unsigned char>(stream[p]);
        const auto b1 = static_cast<unsigned char>(stream[p + 1]);
        quint64 len = b1 & 0x7f;
        qsizetype h = 2;
        if (len == 126) {
            len = (quint64(static_cast<unsigned char>(stream[p + 2])) << 8) |
                  static_cast<unsigned char>(stream[p + 3]);
            h = 4;
        } else if (len == 127) {
            len = 0;
            for (int i = 0; i < 8; ++i)
                len = (len << 8) | static_cast<unsigned char>(stream[p + 2 + i]);
            h = 10;
        }
        const bool masked = b1 & 0x80;
        const QByteArray mask = masked ? stream.mid(p + h, 4) : QByteArray();
        h += masked ? 4 : 0;
        if (p + h + qsizetype(len) > stream.size()) {
            d.complete = false;
            break;
        }
        QByteArray payload = stream.mid(p + h, qsizetype(len));
        if (masked)
            for (qsizetype i = 0; i < payload.size(); ++i)
                payload[i] = static_cast<char>(payload[i] ^ mask[i % 4]);
        d.payloads += payload;
        const int opcode = b0 & 0x0f;
        if (opcode == 0x1 || opcode == 0x2) {
            messageOpcode = opcode;
            message = payload;
        } else if (opcode == 0x0) {
            message += payload;
        }
        if ((b0 & 0x80) && opcode <= 0x2) {
            (messageOpcode == 0x2 ? d.binary : d.text) << message;
            message.clear();
        }
        p += h + qsizetype(len);
    }
    return d;
}

QByteArray randomCanary() {
    return randomBytes(16);
}

struct LogCapture {
    QMutex mutex;
    QByteArray text;
    QStringList categories;
};
LogCapture g_logs;
QtMessageHandler g_previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext &ctx, const QString &msg) {
    {
        QMutexLocker lock(&g_logs.mutex);
        g_logs.text += msg.toUtf8() + '\n';
        if (ctx.category)
            g_logs.categories << QString::fromLatin1(ctx.category);
    }
    if (g_previousHandler)
        g_previousHandler(type, ctx, msg);
}

QByteArray takeLogs() {
    QMutexLocker lock(&g_logs.mutex);
    g_logs.categories.clear();
    return std::exchange(g_logs.text, {});
}

struct SessionSecrets {
    std::vector<Secret> secrets;
    QByteArray kc, ncNew, ks, ns; // the client's and the server's share keys and nonces
};

// Records the share keys a side reveals in its handshake records.
void collectShareKeys(SecureWebSocket *s, SessionSecrets *out, bool clientSide) {
    s->setRecordShareKeys(true);
    QObject::connect(
        s, &SecureWebSocket::handshakeMessage, s, [out, clientSide](const HandshakeRecord &r) {
            if (!r.boxOpened || !r.boxShareKey)
                return;
            const bool fromClient = (r.direction == HandshakeRecord::Direction::Sent) == clientSide;
            (fromClient ? out->kc : out->ks) = r.boxShareKey->copyOut();
            (fromClient ? out->ncNew : out->ns) = r.boxNonce;
        });
}

QByteArray beforenm(const QByteArray &publicKey, const SecretBuffer &secretKey) {
    QByteArray k(crypto_box_BEFORENMBYTES, Qt::Uninitialized);
    if (crypto_box_beforenm(reinterpret_cast<unsigned char *>(k.data()),
                            reinterpret_cast<const unsigned char *>(publicKey.constData()),
                            secretKey.data()) != 0)
        return {};
    return k;
}

} // namespace

class tst_Secrecy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        qRegisterMetaType<sws::SessionError>();
        QLoggingCategory::setFilterRules(QStringLiteral("sws.*=true"));
        g_previousHandler = qInstallMessageHandler(captureMessage);
    }
    void cleanupTestCase() { qInstallMessageHandler(g_previousHandler); }

    // ---- The wire and the logs, in-process sessions --------------------------------------

    void wireAndLogs_data() {
        QTest::addColumn<int>("version");
        QTest::addColumn<bool>("requireCert");
        QTest::newRow("v1") << 1 << false;
        QTest::newRow("v2") << 2 << false;
        QTest::newRow("v2, client certificate") << 2 << true;
    }
    void wireAndLogs() {
        QFETCH(int, version);
        QFETCH(bool, requireCert);
        takeLogs();
        const Pki pki = makePki();
        const Pki *p = version == 2 ? &pki : nullptr;
        SecureWebSocketServer server(serverConfig(version, p, requireCert));
        Room echo(&server, Room::Mode::Echo);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        SessionSecrets keys;
        connect(&server, &SecureWebSocketServer::handshakeStarted, this,
                [&keys](SecureWebSocket *s) { collectShareKeys(s, &keys, false); });
        TcpProxy proxy(server.serverPort());
        QVERIFY(proxy.listen());

        SessionConfig ccfg = clientConfig(version, p);
        const QByteArray clientPk = ccfg.keyPair.publicKey;
        const QByteArray clientSk = ccfg.keyPair.secretKey().copyOut();
        const QByteArray serverPk = server.config().session.keyPair.publicKey;
        const QByteArray serverSk = server.config().session.keyPair.secretKey().copyOut();
        SecureWebSocket client(std::move(ccfg));
        collectShareKeys(&client, &keys, true);
        QSignalSpy received(&client, &SecureWebSocket::binaryMessageReceived);
        QList<QByteArray> canaries, messages;
        for (int i = 0; i < 4; ++i) {
            canaries << randomCanary();
            // Sizes around the WebSocket length encodings: 7-bit, 16-bit and 64-bit.
            const int pad = QList<int>{0, 100, 1000, 70000}.at(i);
            messages << QByteArray("message ") + canaries.last() + QByteArray(pad, 'p') +
                            canaries.last().toHex();
            QCOMPARE(client.sendBinaryMessage(messages.last()), qint64(messages.last().size()));
        }
        client.open(proxy.url());
        QTRY_COMPARE_WITH_TIMEOUT(received.count(), messages.size(), 10000);
        for (int i = 0; i < messages.size(); ++i)
            QCOMPARE(received.at(i).at(0).toByteArray(), messages.at(i));
        client.close();
        QTRY_COMPARE(client.state(), SecureWebSocket::State::Closed);
        QTRY_VERIFY(!proxy.connections.empty() && proxy.connections.front()->server->state() ==
                                                      QAbstractSocket::UnconnectedState);

        QCOMPARE(keys.kc.size(), kShareKeyBytes);
        QCOMPARE(keys.ks.size(), kShareKeyBytes);
        std::vector<Secret> secrets{
            {QStringLiteral("client secret key"), clientSk},
            {QStringLiteral("server secret key"), serverSk},
            {QStringLiteral("client share key"), keys.kc},
            {QStringLiteral("server share key"), keys.ks},
            {QStringLiteral("box key"),
             beforenm(serverPk,
                      SecretBuffer(reinterpret_cast<const unsigned char *>(clientSk.constData()),
                                   kBoxSecretKeyBytes))},
        };
        if (version == 2)
            secrets.push_back({QStringLiteral("CA secret key"), pki.ca.secretKey.copyOut()});
        for (int i = 0; i < canaries.size(); ++i)
            secrets.push_back({QStringLiteral("canary %1").arg(i), canaries.at(i)});

        // The wire, as captured and as decoded.
        QCOMPARE(proxy.connections.size(), std::size_t(1));
        const auto &c = *proxy.connections.front();
        const Decoded up = decode(c.up), down = decode(c.down);
        QVERIFY(up.complete && down.complete);
        const QStringList onWire =
            findSecrets(c.up + c.down + up.payloads + down.payloads, secrets);
        QVERIFY2(onWire.isEmpty(), qPrintable(onWire.join(QStringLiteral(", "))));

        // Controls: the public keys are on the wire in decimal form (the client's only once
        // unmasked), and the captured frames open to what was sent.
        QVERIFY(up.payloads.contains(decimalForm(clientPk)));
        QVERIFY(!c.up.contains(decimalForm(clientPk)));
        QVERIFY(down.payloads.contains(decimalForm(serverPk)));
        QCOMPARE(up.text.size(), 2);   // ClientHello, ClientReady
        QCOMPARE(down.text.size(), 1); // ServerHello
        QCOMPARE(up.binary.size(), messages.size());
        QCOMPARE(down.binary.size(), messages.size());
        SecretBoxChannel fromClient(
            SecretBuffer(reinterpret_cast<const unsigned char *>(keys.kc.constData()),
                         kShareKeyBytes),
            *NonceCounter::fromBytes(keys.ncNew));
        SecretBoxChannel fromServer(
            SecretBuffer(reinterpret_cast<const unsigned char *>(keys.ks.constData()),
                         kShareKeyBytes),
            *NonceCounter::fromBytes(keys.ns));
        for (int i = 0; i < messages.size(); ++i) {
            auto a = fromClient.open(up.binary.at(i));
            auto b = fromServer.open(down.binary.at(i));
            QVERIFY(a && b);
            QCOMPARE(*a, messages.at(i));
            QCOMPARE(*b, messages.at(i));
        }

        // A hostile session on the same server, so that a failure is logged too.
        ManualClient m;
        if (version == 2) {
            m.keys = pki.clientKeys.clone();
            m.certificate = pki.clientCert;
            m.trustedCas = {pki.ca.cert};
        }
        m.connectTo(server.serverUrl(), version);
        QTRY_VERIFY(m.session.has_value());
        QByteArray f = m.session->tx.seal(QByteArray("tampered ") + canaries.first());
        f[f.size() - 1] = static_cast<char>(f[f.size() - 1] ^ 1);
        m.ws.sendBinaryMessage(f);
        QTRY_VERIFY(m.closed);
        QCOMPARE(int(m.ws.closeCode()), int(closeCodeFor(SessionError::DecryptFailed)));
        QTRY_VERIFY(server.sessions().isEmpty() && server.handshakesInProgress() == 0);

        // The logs: they saw the failure (control), and nothing secret.
        const QByteArray logs = takeLogs();
        QVERIFY2(logs.contains("session failed"), logs.constData());
        const QStringList inLogs = findSecrets(logs, secrets);
        QVERIFY2(inLogs.isEmpty(), qPrintable(inLogs.join(QStringLiteral(", "))));
    }

    // ---- The command line at full verbosity ----------------------------------------------

    void commandLine_data() {
        QTest::addColumn<int>("version");
        QTest::newRow("v1") << 1;
        QTest::newRow("v2, client certificate") << 2;
    }
    void commandLine() {
        QFETCH(int, version);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const Pki pki = makePki();
        auto path = [&dir](const char *name) { return dir.filePath(QString::fromLatin1(name)); };
        QVERIFY(keyfiles::writeBoxKeyPair(path("server-kp.json"), pki.serverKeys, false));
        QVERIFY(keyfiles::writeBoxKeyPair(path("client-kp.json"), pki.clientKeys, false));
        QVERIFY(keyfiles::writeCertificate(path("ca-cert.json"), pki.ca.cert, false));
        QVERIFY(keyfiles::writeCertificate(path("server-cert.json"), pki.serverCert, false));
        QVERIFY(keyfiles::writeCertificate(path("client-cert.json"), pki.clientCert, false));

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("sws.*=true"));
        env.insert(QStringLiteral("SWS_PROFILE"), path("profile"));
        QProcess serve;
        serve.setProcessEnvironment(env);
        serve.setWorkingDirectory(dir.path());
        QStringList serveArgs{QStringLiteral("serve"),          QStringLiteral("--listen"),
                              QStringLiteral("127.0.0.1:0"),    QStringLiteral("--key"),
                              QStringLiteral("server-kp.json"), QStringLiteral("--verbose")};
        if (version == 2)
            serveArgs << QStringLiteral("--cert") << QStringLiteral("server-cert.json")
                      << QStringLiteral("--ca") << QStringLiteral("ca-cert.json")
                      << QStringLiteral("--require-cert");
        serve.start(QStringLiteral(SWS_CLI_PATH), serveArgs);
        QByteArray serveOut;
        QTRY_VERIFY_WITH_TIMEOUT((serveOut += serve.readAllStandardOutput()).contains('\n'), 10000);
        QVERIFY(serveOut.startsWith("listening ws://"));
        const QString url = // the first line; an invite: line follows
            QString::fromUtf8(serveOut.left(serveOut.indexOf('\n')).mid(10).trimmed());

        QList<QByteArray> lines;
        for (int i = 0; i < 3; ++i)
            lines << "canary-" + randomCanary().toHex();
        QProcess connect;
        connect.setProcessEnvironment(env);
        connect.setWorkingDirectory(dir.path());
        QStringList connectArgs{QStringLiteral("connect"),      url,
                                QStringLiteral("--key"),        QStringLiteral("client-kp.json"),
                                QStringLiteral("--expect"),     QString::number(lines.size()),
                                QStringLiteral("--pin-policy"), QStringLiteral("off"),
                                QStringLiteral("--verbose")};
        if (version == 2)
            connectArgs << QStringLiteral("--ca") << QStringLiteral("ca-cert.json")
                        << QStringLiteral("--cert") << QStringLiteral("client-cert.json");
        connect.start(QStringLiteral(SWS_CLI_PATH), connectArgs);
        QVERIFY(connect.waitForStarted(10000));
        for (const QByteArray &l : lines)
            connect.write(l + '\n');
        connect.closeWriteChannel();
        QTRY_COMPARE_WITH_TIMEOUT(connect.state(), QProcess::NotRunning, 30000);
        const QByteArray connectOut = connect.readAllStandardOutput();
        const QByteArray connectErr = connect.readAllStandardError();
        serve.terminate();
        QTRY_COMPARE_WITH_TIMEOUT(serve.state(), QProcess::NotRunning, 10000);
        serveOut += serve.readAllStandardOutput();
        const QByteArray serveErr = serve.readAllStandardError();

        // Controls: the messages went through and both sides logged the session.
        QCOMPARE(connect.exitCode(), 0);
        for (const QByteArray &l : lines)
            QVERIFY2(connectOut.contains(l), connectOut.constData()); // echoed: the output
        QVERIFY2(connectErr.contains("secured"), connectErr.constData());
        QVERIFY2(serveErr.contains("secured"), serveErr.constData());

        std::vector<Secret> secrets{
            {QStringLiteral("client secret key"), pki.clientKeys.secretKey.copyOut()},
            {QStringLiteral("server secret key"), pki.serverKeys.secretKey.copyOut()},
            {QStringLiteral("CA secret key"), pki.ca.secretKey.copyOut()},
        };
        for (int i = 0; i < lines.size(); ++i) {
            secrets.push_back({QStringLiteral("line %1").arg(i), lines.at(i).mid(7)});
            secrets.push_back(
                {QStringLiteral("line %1 bytes").arg(i), QByteArray::fromHex(lines.at(i).mid(7))});
        }
        // Control: the scan finds the lines where they belong, in connect's output.
        // (each line as its text, and its bytes as hex)
        QCOMPARE(findSecrets(connectOut, secrets).size(), 2 * lines.size());
        const QStringList leaked = findSecrets(connectErr + serveOut + serveErr, secrets);
        QVERIFY2(leaked.isEmpty(), qPrintable(leaked.join(QStringLiteral(", "))));
    }

    // ---- Key memory ----------------------------------------------------------------------

    // The checker itself: a key in a new[] block freed without wiping is seen.
    void checkerSeesAnUnwipedBlock() {
        const QByteArray key = randomBytes(32);
        alloctrack::arm();
        auto *raw = new unsigned char[32];
        std::memcpy(raw, key.constData(), 32);
        QCOMPARE(alloctrack::liveBlocksHolding(key), 1);
        delete[] raw;
        std::size_t freed = 0;
        const auto unwiped = alloctrack::disarm(&freed);
        QVERIFY(freed >= 1);
        bool seen = false;
        for (const std::string &b : unwiped)
            seen = seen || QByteArrayView(b.data(), qsizetype(b.size())).contains(key);
        QVERIFY(seen);
        QCOMPARE(alloctrack::liveBlocksHolding(key), 0);
    }

    void secretBufferIsWipedOnRelease() {
        const QByteArray key = randomBytes(32);
        alloctrack::arm();
        {
            SecretBuffer a(reinterpret_cast<const unsigned char *>(key.constData()), 32);
            QCOMPARE(alloctrack::liveBlocksHolding(key), 1);
            SecretBuffer b = std::move(a); // moved: one block, now b's
            QCOMPARE(a.size(), std::size_t(0));
            QCOMPARE(alloctrack::liveBlocksHolding(key), 1);
            SecretBuffer c = b.clone();
            QCOMPARE(alloctrack::liveBlocksHolding(key), 2);
            b = SecretBuffer(8); // assignment releases b's old block
            QCOMPARE(alloctrack::liveBlocksHolding(key), 1);
        }
        std::size_t freed = 0;
        const auto unwiped = alloctrack::disarm(&freed);
        QCOMPARE(alloctrack::liveBlocksHolding(key), 0);
        QVERIFY(freed >= 3);
        for (const std::string &b : unwiped)
            QVERIFY(!QByteArrayView(b.data(), qsizetype(b.size())).contains(key.left(kWindow)));
    }

    // Sessions and identities: every SecretBuffer that held one of their keys is zero when it
    // is freed, and none is left once they are destroyed.
    void sessionKeysAreWipedOnDestruction_data() {
        QTest::addColumn<int>("version");
        QTest::newRow("v1") << 1;
        QTest::newRow("v2, client certificate") << 2;
    }
    void sessionKeysAreWipedOnDestruction() {
        QFETCH(int, version);
        alloctrack::arm();
        SessionSecrets keys;
        QByteArray clientSk, serverSk, caSk, boxKey;
        {
            auto pki = std::make_unique<Pki>(makePki());
            const Pki *p = version == 2 ? pki.get() : nullptr;
            ServerConfig scfg = serverConfig(version, p, true);
            SessionConfig ccfg = clientConfig(version, p);
            clientSk = ccfg.keyPair.secretKey().copyOut();
            serverSk = scfg.session.keyPair.secretKey().copyOut();
            caSk = pki->ca.secretKey.copyOut();
            boxKey = beforenm(scfg.session.keyPair.publicKey, ccfg.keyPair.secretKey());
            auto server = std::make_unique<SecureWebSocketServer>(std::move(scfg));
            Room echo(server.get(), Room::Mode::Echo);
            QVERIFY(server->listen(QHostAddress::LocalHost, 0));
            connect(server.get(), &SecureWebSocketServer::handshakeStarted, this,
                    [&keys](SecureWebSocket *s) { collectShareKeys(s, &keys, false); });
            auto client = std::make_unique<SecureWebSocket>(std::move(ccfg));
            collectShareKeys(client.get(), &keys, true);
            QSignalSpy received(client.get(), &SecureWebSocket::binaryMessageReceived);
            client->open(server->serverUrl());
            client->sendBinaryMessage("hello");
            QTRY_COMPARE(received.count(), 1);
            QCOMPARE(keys.kc.size(), kShareKeyBytes);
            QCOMPARE(keys.ks.size(), kShareKeyBytes);
            // While the session is open, its keys live in SecretBuffers (control: the scan of
            // live blocks finds them).
            QVERIFY(alloctrack::liveBlocksHolding(keys.kc) >= 2); // our tx, the server's rx
            QVERIFY(alloctrack::liveBlocksHolding(keys.ks) >= 2);
            QVERIFY(alloctrack::liveBlocksHolding(clientSk) >= 1);
            QVERIFY(alloctrack::liveBlocksHolding(serverSk) >= 1);
            client->close();
            QTRY_COMPARE(client->state(), SecureWebSocket::State::Closed);
            QTRY_VERIFY(server->sessions().isEmpty());
            client.reset();
            server.reset(); // deletes its sessions
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
            pki.reset();
        }
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        std::size_t freed = 0;
        const auto unwiped = alloctrack::disarm(&freed);
        const std::vector<Secret> secrets{
            {QStringLiteral("client secret key"), clientSk},
            {QStringLiteral("server secret key"), serverSk},
            {QStringLiteral("CA secret key"), caSk},
            {QStringLiteral("client share key"), keys.kc},
            {QStringLiteral("server share key"), keys.ks},
            {QStringLiteral("box key"), boxKey},
        };
        QVERIFY(freed >= 10); // SecretBuffers were released through the checked path
        for (const Secret &s : secrets) {
            QVERIFY2(alloctrack::liveBlocksHolding(s.bytes.left(kWindow)) == 0,
                     qPrintable(s.name + QStringLiteral(" still in a live block")));
            for (const std::string &b : unwiped)
                QVERIFY2(
                    !QByteArrayView(b.data(), qsizetype(b.size())).contains(s.bytes.left(kWindow)),
                    qPrintable(s.name + QStringLiteral(" freed without wiping")));
        }
    }
};

QTEST_GUILESS_MAIN(tst_Secrecy)
#include "tst_secrecy.moc"
