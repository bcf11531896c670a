// Extension negotiation inside the handshake boxes (HandshakeConfig::extensions): invisible to
// a plain peer (the reference's recorded transcripts still replay byte for byte), the wire
// format of the v1 tail and the v2 member, the negotiated set on both sides, a v2 client
// certificate that still verifies with the member beside it, and garbled extension data that
// is ignored rather than fatal.
#include "handshake/handshake.h"

#include <QFile>
#include <QHostAddress>
#include <QTest>

#include <cstring>
#include <deque>
#include <memory>

using namespace sws;

namespace {

QString S(const char *s) {
    return QString::fromLatin1(s);
}
const unsigned char *u8(const QByteArray &b) {
    return reinterpret_cast<const unsigned char *>(b.constData());
}
json::Value parsed(const QByteArray &utf8) {
    auto v = json::parse(utf8);
    return v ? *v : json::Value();
}
QByteArray bytesOf(const json::Value *v) {
    if (!v)
        return {};
    auto b = json::arrayToBytes(*v);
    return b ? *b : QByteArray();
}
QByteArray nonce3(const QByteArray &n8) {
    return n8 + n8 + n8;
}
QByteArray boxOpen(const QByteArray &theirPk, const SecretBuffer &mySk, const QByteArray &cipher,
                   const QByteArray &n8) {
    auto shared = BoxShared::create(theirPk, mySk);
    if (!shared)
        return {};
    auto plain = shared->open(cipher, u8(nonce3(n8)));
    return plain ? *plain : QByteArray();
}
QByteArray boxSeal(const QByteArray &theirPk, const SecretBuffer &mySk, const QByteArray &plain,
                   const QByteArray &n8) {
    auto shared = BoxShared::create(theirPk, mySk);
    return shared ? shared->seal(plain, u8(nonce3(n8))) : QByteArray();
}
// The s_blackbox_a of a handshake message.
QByteArray boxOf(const QByteArray &message) {
    return bytesOf(parsed(message).find(S("s_blackbox_a")));
}
QByteArray reasonOf(const Handshake::Output &o) {
    return o.failure ? o.failure->reason.toUtf8() : QByteArray();
}

// Hands out recorded random values in order.
std::function<void(unsigned char *, std::size_t)> scripted(QList<QByteArray> values) {
    auto queue = std::make_shared<std::deque<QByteArray>>(values.begin(), values.end());
    return [queue](unsigned char *p, std::size_t n) {
        if (queue->empty() || static_cast<std::size_t>(queue->front().size()) != n)
            qFatal("scripted random: unexpected draw of %zu bytes", n);
        std::memcpy(p, queue->front().constData(), n);
        queue->pop_front();
    };
}

struct Transcript {
    int version = 0;
    BoxKeyPair server, client;
    std::optional<cert::Certificate> ca, serverCert, clientCert;
    bool requireCert = false;
    QList<QByteArray> wire; // the three handshake text frames
    QByteArray firstClientFrame, firstPlaintext;
    QByteArray nc, ns, ks, ncNew, kc;
    qint64 validNow = 0;
};

BoxKeyPair keyPair(const QByteArray &pk, const QByteArray &sk) {
    auto kp = BoxKeyPair::fromKeys(pk, SecretBuffer(u8(sk), static_cast<std::size_t>(sk.size())));
    return kp ? std::move(*kp) : BoxKeyPair{};
}

const QStringList kChat{S("chat-ack/1")};

} // namespace

class tst_HandshakeExtensions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void referenceServerTranscriptReplays_data();
    void referenceServerTranscriptReplays();
    void referenceClientTranscriptIsAccepted_data();
    void referenceClientTranscriptIsAccepted();

    void negotiation_data();
    void negotiation();
    void wireFormat_data();
    void wireFormat();
    void serverKeepsOnlyWhatItAnnounced();
    void garbledExtensionDataIsIgnored_data();
    void garbledExtensionDataIsIgnored();
    void badOwnExtensionsAreRefused_data();
    void badOwnExtensionsAreRefused();

private:
    void transcripts();
    void load(const QString &file, Transcript &t);
    HandshakeConfig config(Role role, int version, bool requireCert, const QStringList &ext) const;
    // Runs both until secured; outs: server start, client hello, server hello, client ready,
    // server secured.
    void run(Handshake &client, Handshake &server, std::vector<Handshake::Output> &outs);
    // A server in AwaitClientReady and the plaintext of its ServerHello box.
    void serverAwaitingReady(int version, const QStringList &ext, std::optional<Handshake> &server,
                             QByteArray &ns);

    qint64 m_now = 0;
    BoxKeyPair m_client, m_server;
    std::optional<cert::CaKey> m_ca;
    std::optional<cert::Certificate> m_serverCert, m_clientCert;
};

void tst_HandshakeExtensions::initTestCase() {
    ensureSodium();
    m_now = 1'900'000'000'000;
    const qint64 day = 86'400'000;
    m_client = BoxKeyPair::generate();
    m_server = BoxKeyPair::generate();
    m_ca.emplace(cert::generateCa(S("ext-test-ca"), m_now + 30 * day, m_now - day));
    for (auto [pk, names, ip, out] :
         {std::tuple{m_server.publicKey, QStringList{S("sws.test")}, S("127.0.0.1"), &m_serverCert},
          std::tuple{m_client.publicKey, QStringList{}, S("10.0.0.2"), &m_clientCert}}) {
        cert::CertRequest req;
        req.publicKey = pk;
        req.names = names;
        req.ips = {ip};
        req.tteMs = m_now + day;
        auto c = cert::sign(req, *m_ca, m_now - 1000);
        QVERIFY(c);
        *out = *c;
    }
}

HandshakeConfig tst_HandshakeExtensions::config(Role role, int version, bool requireCert,
                                                const QStringList &ext) const {
    HandshakeConfig c;
    c.role = role;
    c.version = version;
    c.keyPair = (role == Role::Client ? m_client : m_server).clone();
    if (version >= 2)
        c.certificate = role == Role::Client ? m_clientCert : m_serverCert;
    c.trustedCas = {m_ca->cert};
    c.requireCert = requireCert;
    c.peer = role == Role::Client ? cert::Endpoint{S("sws.test"), QHostAddress(S("127.0.0.1"))}
                                  : cert::Endpoint{QString(), QHostAddress(S("10.0.0.2"))};
    const qint64 now = m_now;
    c.nowMs = [now] { return now; };
    c.extensions = ext;
    return c;
}

void tst_HandshakeExtensions::run(Handshake &client, Handshake &server,
                                  std::vector<Handshake::Output> &outs) {
    outs.push_back(server.start());
    outs.push_back(client.start());
    QCOMPARE(outs.back().send.size(), std::size_t(1));
    outs.push_back(server.receiveText(outs.back().send[0]));
    QVERIFY2(!outs.back().failure, reasonOf(outs.back()).constData());
    QCOMPARE(outs.back().send.size(), std::size_t(1));
    outs.push_back(client.receiveText(outs.back().send[0]));
    QVERIFY2(!outs.back().failure, reasonOf(outs.back()).constData());
    QCOMPARE(outs.back().send.size(), std::size_t(1));
    outs.push_back(server.receiveText(outs.back().send[0]));
    QVERIFY2(!outs.back().failure, reasonOf(outs.back()).constData());
    QCOMPARE(client.state(), Handshake::State::Secured);
    QCOMPARE(server.state(), Handshake::State::Secured);
}

// ---- The reference's transcripts ---------------------------------------------------------

void tst_HandshakeExtensions::transcripts() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("extensions");
    for (const char *f : {"handshake-v1.json", "handshake-v2.json"}) {
        const QString file = S(f);
        QTest::addRow("%s, none configured", f) << file << QStringList();
        QTest::addRow("%s, chat-ack/1 configured", f) << file << kChat;
        QTest::addRow("%s, two configured", f) << file << QStringList{S("x-a/1"), S("chat-ack/1")};
    }
}

void tst_HandshakeExtensions::load(const QString &file, Transcript &t) {
    QFile f(QStringLiteral(SWS_VECTORS_DIR "/") + file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const json::Value v = parsed(f.readAll());
    QVERIFY(v.isObject());
    auto hex = [&](const char *key) {
        const json::Value *x = v.find(S(key));
        return x ? QByteArray::fromHex(x->toString().toLatin1()) : QByteArray();
    };
    t.version = static_cast<int>(v.find(S("version"))->toNumber());
    t.server = keyPair(hex("server_public_key"), hex("server_secret_key"));
    t.client = keyPair(hex("client_public_key"), hex("client_secret_key"));
    for (const json::Value &w : v.find(S("wire"))->items()) {
        const bool binary = w.find(S("kind"))->toString() == S("binary");
        const bool fromClient = w.find(S("from"))->toString() == S("client");
        const QByteArray data = w.find(S("data"))->toString().toUtf8();
        if (!binary)
            t.wire << data;
        else if (fromClient && t.firstClientFrame.isEmpty())
            t.firstClientFrame = QByteArray::fromHex(data);
    }
    QCOMPARE(t.wire.size(), 3);
    t.firstPlaintext = QByteArray::fromHex(
        v.find(S("plaintexts_from_client"))->items().at(0).toString().toLatin1());
    t.nc = bytesOf(parsed(t.wire[0]).find(S("nonce")));
    const QByteArray sPlain =
        boxOpen(t.server.publicKey, t.client.secretKey, boxOf(t.wire[1]), t.nc);
    QVERIFY(sPlain.size() >= 40);
    t.ns = sPlain.left(8);
    t.ks = sPlain.mid(8, 32);
    const QByteArray cPlain =
        boxOpen(t.client.publicKey, t.server.secretKey, boxOf(t.wire[2]), t.ns);
    QVERIFY(cPlain.size() >= 40);
    t.ncNew = cPlain.left(8);
    t.kc = cPlain.mid(8, 32);
    if (t.version < 2)
        return;
    const json::Value sp = parsed(sPlain.mid(40));
    t.ca = *cert::Certificate::fromJson(*v.find(S("ca")));
    t.serverCert = *cert::Certificate::fromJson(*sp.find(S("cert")));
    t.requireCert = sp.find(S("requireCert"))->toBool();
    if (t.requireCert)
        t.clientCert = *cert::Certificate::fromJson(parsed(cPlain.mid(40)));
    for (const auto *c : {&t.ca, &t.serverCert, &t.clientCert})
        if (*c && (*c)->signTimeMs())
            t.validNow = std::max(t.validNow, *(*c)->signTimeMs() + 1);
}

void tst_HandshakeExtensions::referenceServerTranscriptReplays_data() {
    transcripts();
}

// Our client offering extensions to the reference server (which announces none) sends the
// recorded ClientReady byte for byte and negotiates nothing.
void tst_HandshakeExtensions::referenceServerTranscriptReplays() {
    QFETCH(QString, file);
    QFETCH(QStringList, extensions);
    Transcript t;
    load(file, t);
    if (QTest::currentTestFailed())
        return;
    HandshakeConfig c;
    c.role = Role::Client;
    c.version = t.version;
    c.keyPair = t.client.clone();
    c.random = scripted({t.nc, t.ncNew, t.kc});
    const qint64 now = t.validNow;
    c.nowMs = [now] { return now; };
    c.extensions = extensions;
    if (t.version >= 2) {
        c.certificate = t.clientCert;
        c.trustedCas = {*t.ca};
        c.peer = {t.serverCert->names().first(), QHostAddress(t.serverCert->ips().first())};
    }
    Handshake hs(std::move(c));
    auto hello = hs.start();
    QCOMPARE(hello.send.size(), std::size_t(1));
    QCOMPARE(hello.send[0], t.wire[0]);
    auto ready = hs.receiveText(t.wire[1]);
    QVERIFY2(ready.secured, reasonOf(ready).constData());
    QCOMPARE(ready.send.size(), std::size_t(1));
    QCOMPARE(ready.send[0], t.wire[2]);
    QVERIFY(ready.records.at(0).boxExtensions.isEmpty());
    QVERIFY(ready.records.at(1).boxExtensions.isEmpty());
    SecuredSession s = hs.takeSession();
    QVERIFY(s.peerExtensions.isEmpty());
    QCOMPARE(s.tx.seal(t.firstPlaintext).toHex(), t.firstClientFrame.toHex());
}

void tst_HandshakeExtensions::referenceClientTranscriptIsAccepted_data() {
    transcripts();
}

// Our server: without extensions its ServerHello is the recorded one; with them the box grows
// by the announcement, and the reference client's recorded ClientReady (no answer) still
// secures the session, with nothing negotiated.
void tst_HandshakeExtensions::referenceClientTranscriptIsAccepted() {
    QFETCH(QString, file);
    QFETCH(QStringList, extensions);
    Transcript t;
    load(file, t);
    if (QTest::currentTestFailed())
        return;
    HandshakeConfig c;
    c.role = Role::Server;
    c.version = t.version;
    c.keyPair = t.server.clone();
    c.random = scripted({t.ns, t.ks});
    const qint64 now = t.validNow;
    c.nowMs = [now] { return now; };
    c.extensions = extensions;
    if (t.version >= 2) {
        c.certificate = t.serverCert;
        c.requireCert = t.requireCert;
        c.trustedCas = {*t.ca};
        if (t.clientCert)
            c.peer.address = QHostAddress(t.clientCert->ips().first());
    }
    Handshake hs(std::move(c));
    QVERIFY(!hs.start().failure);
    auto hello = hs.receiveText(t.wire[0]);
    QVERIFY2(!hello.failure, reasonOf(hello).constData());
    QCOMPARE(hello.send.size(), std::size_t(1));
    QCOMPARE(hello.send[0] == t.wire[1], extensions.isEmpty());
    const QByteArray plain =
        boxOpen(t.server.publicKey, t.client.secretKey, boxOf(hello.send[0]), t.nc);
    QCOMPARE(plain.left(40), t.ns + t.ks);
    QCOMPARE(hello.records.at(1).boxExtensions, extensions);
    if (!extensions.isEmpty() && t.version == 1)
        QVERIFY(plain.mid(40).startsWith("SWSX"));
    if (t.version >= 2) {
        const json::Value payload = parsed(plain.mid(40));
        QCOMPARE(payload.contains(S("sws_ext")), !extensions.isEmpty());
        QVERIFY(payload.find(S("cert")) && payload.find(S("requireCert")));
    }

    auto ready = hs.receiveText(t.wire[2]);
    QVERIFY2(ready.secured, reasonOf(ready).constData());
    SecuredSession s = hs.takeSession();
    QVERIFY(s.peerExtensions.isEmpty());
    QCOMPARE(s.peerCertificate.has_value(), t.requireCert);
    auto first = s.rx.open(t.firstClientFrame);
    QVERIFY(first);
    QCOMPARE(*first, t.firstPlaintext);
}

// ---- Both roles --------------------------------------------------------------------------

void tst_HandshakeExtensions::negotiation_data() {
    QTest::addColumn<int>("version");
    QTest::addColumn<bool>("requireCert");
    QTest::addColumn<QStringList>("client");
    QTest::addColumn<QStringList>("server");
    QTest::addColumn<QStringList>("expected");
    const QStringList none;
    const QStringList many{S("x-client-only/1"), S("chat-ack/1"), S("x-both/2")};
    const QStringList many2{S("x-both/2"), S("x-server-only/1"), S("chat-ack/1")};
    for (auto [name, version, require] : {std::tuple{"v1", 1, false}, std::tuple{"v2", 2, false},
                                          std::tuple{"v2 requireCert", 2, true}}) {
        QTest::addRow("%s, both", name) << version << require << kChat << kChat << kChat;
        QTest::addRow("%s, client only", name) << version << require << kChat << none << none;
        QTest::addRow("%s, server only", name) << version << require << none << kChat << none;
        QTest::addRow("%s, neither", name) << version << require << none << none << none;
        QTest::addRow("%s, overlap", name)
            << version << require << many << many2 << QStringList{S("chat-ack/1"), S("x-both/2")};
        QTest::addRow("%s, disjoint", name)
            << version << require << QStringList{S("a/1")} << QStringList{S("b/1")} << none;
    }
}

void tst_HandshakeExtensions::negotiation() {
    QFETCH(int, version);
    QFETCH(bool, requireCert);
    QFETCH(QStringList, client);
    QFETCH(QStringList, server);
    QFETCH(QStringList, expected);
    Handshake c(config(Role::Client, version, false, client));
    Handshake s(config(Role::Server, version, requireCert, server));
    std::vector<Handshake::Output> outs;
    run(c, s, outs);
    if (QTest::currentTestFailed())
        return;
    SecuredSession cs = c.takeSession();
    SecuredSession ss = s.takeSession();
    // Both sides agree, whatever order each listed them in (the server's order is kept).
    QStringList sortedClient = cs.peerExtensions, sortedServer = ss.peerExtensions,
                sortedExpected = expected;
    sortedClient.sort();
    sortedServer.sort();
    sortedExpected.sort();
    QCOMPARE(sortedClient, sortedExpected);
    QCOMPARE(sortedServer, sortedExpected);
    // The client answers only a server that announced, and only with common names.
    const HandshakeRecord &crSent = outs[3].records.at(1);
    QCOMPARE(crSent.boxExtensions, cs.peerExtensions);
    // A client certificate still verifies beside the member; the server keeps it without.
    QCOMPARE(ss.peerCertificate.has_value(), requireCert);
    if (requireCert) {
        QVERIFY(ss.peerVerdict && ss.peerVerdict->valid);
        QVERIFY(!ss.peerCertificate->raw().contains(S("sws_ext")));
        QVERIFY(ss.peerCertificate->raw() == m_clientCert->raw());
    }
    // The channels work.
    auto opened = ss.rx.open(cs.tx.seal("ping"));
    QVERIFY(opened);
    QCOMPARE(*opened, QByteArray("ping"));
}

// The bytes inside the boxes, opened with the peers' keys.
void tst_HandshakeExtensions::wireFormat_data() {
    QTest::addColumn<int>("version");
    QTest::addColumn<bool>("requireCert");
    QTest::addColumn<QByteArray>("serverTail"); // v1: after 40 bytes; v2: the JSON payload
    QTest::addColumn<QByteArray>("clientTail");
    const QByteArray certJson = json::serialize(m_serverCert->raw());
    const QByteArray clientCertJson = json::serialize(m_clientCert->raw());
    QTest::newRow("v1") << 1 << false << QByteArray("SWSX{\"ext\":[\"chat-ack/1\"]}")
                        << QByteArray("SWSX{\"ext\":[\"chat-ack/1\"]}");
    QTest::newRow("v2") << 2 << false
                        << "{\"cert\":" + certJson +
                               ",\"requireCert\":false,\"sws_ext\":[\"chat-ack/1\"]}"
                        << QByteArray("{\"sws_ext\":[\"chat-ack/1\"]}");
    QByteArray withMember = clientCertJson;
    withMember.chop(1);
    withMember += ",\"sws_ext\":[\"chat-ack/1\"]}";
    QTest::newRow("v2 requireCert")
        << 2 << true
        << "{\"cert\":" + certJson + ",\"requireCert\":true,\"sws_ext\":[\"chat-ack/1\"]}"
        << withMember;
}

void tst_HandshakeExtensions::wireFormat() {
    QFETCH(int, version);
    QFETCH(bool, requireCert);
    QFETCH(QByteArray, serverTail);
    QFETCH(QByteArray, clientTail);
    Handshake c(config(Role::Client, version, false, kChat));
    Handshake s(config(Role::Server, version, requireCert, kChat));
    std::vector<Handshake::Output> outs;
    run(c, s, outs);
    if (QTest::currentTestFailed())
        return;
    const QByteArray nc = bytesOf(parsed(outs[1].send[0]).find(S("nonce")));
    const QByteArray sPlain =
        boxOpen(m_server.publicKey, m_client.secretKey, boxOf(outs[2].send[0]), nc);
    QCOMPARE(sPlain.mid(40), serverTail);
    const QByteArray cPlain =
        boxOpen(m_client.publicKey, m_server.secretKey, boxOf(outs[3].send[0]), sPlain.left(8));
    QCOMPARE(cPlain.mid(40), clientTail);
    // The handshake messages themselves show nothing.
    for (const auto &o : outs)
        for (const QByteArray &m : o.send)
            QVERIFY(!m.contains("ext") && !m.contains("SWSX"));
}

void tst_HandshakeExtensions::serverAwaitingReady(int version, const QStringList &ext,
                                                  std::optional<Handshake> &server,
                                                  QByteArray &ns) {
    server.emplace(config(Role::Server, version, false, ext));
    QVERIFY(!server->start().failure);
    const QByteArray nc = randomBytes(8);
    const QByteArray hello = json::serialize(
        json::Value::object({{S("opc"), 0},
                             {S("version"), version},
                             {S("client_public_key"), json::bytesToArray(m_client.publicKey)},
                             {S("nonce"), json::bytesToArray(nc)}}));
    auto out = server->receiveText(hello);
    QVERIFY2(!out.failure, reasonOf(out).constData());
    ns = boxOpen(m_server.publicKey, m_client.secretKey, boxOf(out.send.at(0)), nc).left(8);
    QCOMPARE(ns.size(), 8);
}

static QByteArray clientReady(int version, const QByteArray &box) {
    return json::serialize(json::Value::object(
        {{S("opc"), 2}, {S("version"), version}, {S("s_blackbox_a"), json::bytesToArray(box)}}));
}

// A client naming more than the server announced gets only what the server announced.
void tst_HandshakeExtensions::serverKeepsOnlyWhatItAnnounced() {
    for (int version : {1, 2}) {
        std::optional<Handshake> server;
        QByteArray ns;
        serverAwaitingReady(version, {S("chat-ack/1"), S("x-other/1")}, server, ns);
        if (QTest::currentTestFailed())
            return;
        const QByteArray list = "[\"evil/9\",\"chat-ack/1\",\"x-unknown/1\"]";
        const QByteArray tail =
            version == 1 ? "SWSX{\"ext\":" + list + "}" : "{\"sws_ext\":" + list + "}";
        const QByteArray plain = randomBytes(8) + randomBytes(32) + tail;
        auto out = server->receiveText(
            clientReady(version, boxSeal(m_server.publicKey, m_client.secretKey, plain, ns)));
        QVERIFY2(out.secured, reasonOf(out).constData());
        QCOMPARE(out.records.at(0).boxExtensions,
                 (QStringList{S("evil/9"), S("chat-ack/1"), S("x-unknown/1")}));
        QCOMPARE(server->takeSession().peerExtensions, kChat);
    }
}

void tst_HandshakeExtensions::garbledExtensionDataIsIgnored_data() {
    QTest::addColumn<int>("version");
    QTest::addColumn<QByteArray>("tail");
    QTest::newRow("v1 other trailing bytes") << 1 << QByteArray("hello");
    QTest::newRow("v1 marker only") << 1 << QByteArray("SWSX");
    QTest::newRow("v1 marker, broken JSON") << 1 << QByteArray("SWSX{\"ext\":[");
    QTest::newRow("v1 marker, array") << 1 << QByteArray("SWSX[\"chat-ack/1\"]");
    QTest::newRow("v1 ext not a list") << 1 << QByteArray("SWSX{\"ext\":\"chat-ack/1\"}");
    QTest::newRow("v1 ext with a number") << 1 << QByteArray("SWSX{\"ext\":[\"chat-ack/1\",1]}");
    QTest::newRow("v1 ext with an empty name") << 1 << QByteArray("SWSX{\"ext\":[\"\"]}");
    QTest::newRow("v1 lower-case marker") << 1 << QByteArray("swsx{\"ext\":[\"chat-ack/1\"]}");
    QTest::newRow("v1 too deep") << 1 << QByteArray("SWSX{\"ext\":[[[[[[\"chat-ack/1\"]]]]]]}");
    QByteArray tooMany = "SWSX{\"ext\":[";
    for (int i = 0; i <= kMaxExtensions; ++i)
        tooMany += (i ? ",\"" : "\"") + QByteArray::number(i) + "\"";
    QTest::newRow("v1 too many names") << 1 << tooMany + "]}";
    QTest::newRow("v1 name too long")
        << 1 << "SWSX{\"ext\":[\"" + QByteArray(kMaxExtensionNameLength + 1, 'a') + "\"]}";
    QTest::newRow("v2 not a list") << 2 << QByteArray("{\"sws_ext\":\"chat-ack/1\"}");
    QTest::newRow("v2 object") << 2 << QByteArray("{\"sws_ext\":{\"ext\":[\"chat-ack/1\"]}}");
    QTest::newRow("v2 null") << 2 << QByteArray("{\"sws_ext\":null}");
    QTest::newRow("v2 not JSON") << 2 << QByteArray("{\"sws_ext\":[\"chat-ack/1\"");
}

// Garbled extension data inside an authentic box negotiates nothing and fails nothing.
void tst_HandshakeExtensions::garbledExtensionDataIsIgnored() {
    QFETCH(int, version);
    QFETCH(QByteArray, tail);
    std::optional<Handshake> server;
    QByteArray ns;
    serverAwaitingReady(version, kChat, server, ns);
    if (QTest::currentTestFailed())
        return;
    const QByteArray plain = randomBytes(8) + randomBytes(32) + tail;
    auto out = server->receiveText(
        clientReady(version, boxSeal(m_server.publicKey, m_client.secretKey, plain, ns)));
    QVERIFY2(out.secured, reasonOf(out).constData());
    QVERIFY(server->takeSession().peerExtensions.isEmpty());

    // The same tail from a server, seen by our client.
    Handshake client(config(Role::Client, version, false, kChat));
    const QByteArray hello = client.start().send.at(0);
    const QByteArray nc = bytesOf(parsed(hello).find(S("nonce")));
    QByteArray serverPlain = randomBytes(8) + randomBytes(32);
    if (version == 1) {
        serverPlain += tail;
    } else {
        // Keep the certificate readable; garble only the member.
        json::Value payload =
            json::Value::object({{S("cert"), m_serverCert->raw()}, {S("requireCert"), false}});
        QByteArray text = json::serialize(payload);
        text.chop(1);
        serverPlain += text + "," + tail.mid(1);
    }
    const QByteArray sh = json::serialize(json::Value::object(
        {{S("opc"), 1},
         {S("version"), version},
         {S("server_public_key"), json::bytesToArray(m_server.publicKey)},
         {S("s_blackbox_a"),
          json::bytesToArray(boxSeal(m_client.publicKey, m_server.secretKey, serverPlain, nc))}}));
    auto ready = client.receiveText(sh);
    if (version == 2 && tail == "{\"sws_ext\":[\"chat-ack/1\"") {
        QVERIFY(ready.failure); // the whole v2 payload is unreadable: that was always fatal
        QCOMPARE(ready.failure->error, SessionError::CertificateMalformed);
        return;
    }
    QVERIFY2(ready.secured, reasonOf(ready).constData());
    QVERIFY(client.takeSession().peerExtensions.isEmpty());
    // No answer: the ClientReady box holds exactly what a plain client sends.
    const QByteArray cPlain = boxOpen(m_client.publicKey, m_server.secretKey,
                                      boxOf(ready.send.at(0)), serverPlain.left(8));
    QCOMPARE(cPlain.mid(40), version == 1 ? QByteArray() : QByteArray("{}"));
}

void tst_HandshakeExtensions::badOwnExtensionsAreRefused_data() {
    QTest::addColumn<QStringList>("extensions");
    QTest::newRow("empty name") << QStringList{QString()};
    QTest::newRow("duplicate") << QStringList{S("chat-ack/1"), S("chat-ack/1")};
    QTest::newRow("too long") << QStringList{
        QString(kMaxExtensionNameLength + 1, QLatin1Char('a'))};
    QStringList many;
    for (int i = 0; i <= kMaxExtensions; ++i)
        many << QString::number(i);
    QTest::newRow("too many") << many;
}

void tst_HandshakeExtensions::badOwnExtensionsAreRefused() {
    QFETCH(QStringList, extensions);
    for (Role role : {Role::Client, Role::Server}) {
        Handshake hs(config(role, 1, false, extensions));
        auto out = hs.start();
        QVERIFY(out.failure);
        QCOMPARE(out.failure->error, SessionError::LocalConfiguration);
    }
}

QTEST_GUILESS_MAIN(tst_HandshakeExtensions)
#include "tst_handshakeextensions.moc"
