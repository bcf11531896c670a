// Tests of the SWS handshake state machine (handshake.h): the reference's recorded transcripts
// replayed byte for byte, both roles against each other, hostile input at every state, the
// session error table, and the data phase that follows.
#include "handshake.h"

#include <QFile>
#include <QHostAddress>
#include <QTest>

#include <sodium.h>

#include <cstring>
#include <deque>
#include <memory>

using namespace sws;

Q_DECLARE_METATYPE(sws::SessionError)

namespace {

QString S(const char *s) {
    return QString::fromLatin1(s);
}
const unsigned char *u8(const QByteArray &b) {
    return reinterpret_cast<const unsigned char *>(b.constData());
}
SecretBuffer secret(const QByteArray &b) {
    return SecretBuffer(u8(b), static_cast<std::size_t>(b.size()));
}
QByteArray text(const json::Value &v) {
    return json::serialize(v);
}
json::Value obj(std::vector<json::Member> m) {
    return json::Value::object(std::move(m));
}
json::Value arr(const QByteArray &b) {
    return json::bytesToArray(b);
}
// The byte array b with element `index` replaced by e.
json::Value arrWith(const QByteArray &b, int index, json::Value e) {
    std::vector<json::Value> items = arr(b).items();
    items[static_cast<std::size_t>(index)] = std::move(e);
    return json::Value::array(std::move(items));
}
QByteArray bytesOf(const json::Value *v) {
    if (!v)
        return {};
    auto b = json::arrayToBytes(*v);
    return b ? *b : QByteArray();
}
json::Value parsed(const QByteArray &utf8) {
    auto v = json::parse(utf8);
    return v ? *v : json::Value();
}
QByteArray flipBit(QByteArray b, qsizetype byte, int bit) {
    b[byte] = static_cast<char>(b[byte] ^ (1 << bit));
    return b;
}
QByteArray nonce3(const QByteArray &n8) {
    return n8 + n8 + n8;
}
QByteArray boxSeal(const QByteArray &theirPk, const SecretBuffer &mySk, const QByteArray &plain,
                   const QByteArray &n8) {
    auto shared = BoxShared::create(theirPk, mySk);
    return shared ? shared->seal(plain, u8(nonce3(n8))) : QByteArray();
}
QByteArray boxOpen(const QByteArray &theirPk, const SecretBuffer &mySk, const QByteArray &cipher,
                   const QByteArray &n8) {
    auto shared = BoxShared::create(theirPk, mySk);
    if (!shared)
        return {};
    auto plain = shared->open(cipher, u8(nonce3(n8)));
    return plain ? *plain : QByteArray();
}
BoxKeyPair keyPair(const QByteArray &pk, const QByteArray &sk) {
    auto kp = BoxKeyPair::fromKeys(pk, secret(sk));
    return kp ? std::move(*kp) : BoxKeyPair{};
}

// Hands out recorded random values in order, so a run reproduces a recorded transcript.
class ScriptedRandom {
public:
    void push(const QByteArray &b) { m_s->queue.push_back(b); }
    std::function<void(unsigned char *, std::size_t)> fn() const {
        auto s = m_s;
        return [s](unsigned char *p, std::size_t n) {
            if (s->queue.empty() || static_cast<std::size_t>(s->queue.front().size()) != n) {
                s->mismatch = true;
                std::memset(p, 0, n);
                return;
            }
            std::memcpy(p, s->queue.front().constData(), n);
            s->queue.pop_front();
        };
    }
    bool used() const { return m_s->queue.empty() && !m_s->mismatch; }

private:
    struct State {
        std::deque<QByteArray> queue;
        bool mismatch = false;
    };
    std::shared_ptr<State> m_s = std::make_shared<State>();
};

struct WireFrame {
    bool fromClient = false;
    bool binary = false;
    QByteArray data;
};

// A recorded handshake (tests/vectors/handshake-v*.json) and what its boxes hold.
struct Transcript {
    int version = 0;
    BoxKeyPair server, client;
    std::optional<cert::Certificate> ca, serverCert, clientCert;
    bool requireCert = false;
    QList<QByteArray> plaintexts;
    QByteArray replyPrefix;
    std::vector<WireFrame> wire;
    QByteArray nc, ns, ks, ncNew, kc; // ClientHello nonce; ServerHello box; ClientReady box
    json::Value serverPayload, clientPayload;

    std::vector<QByteArray> frames(bool fromClient) const {
        std::vector<QByteArray> out;
        for (const WireFrame &f : wire)
            if (f.binary && f.fromClient == fromClient)
                out.push_back(f.data);
        return out;
    }
    // A time inside every certificate's validity.
    qint64 validNow() const {
        qint64 t = 0;
        for (const auto *c : {&ca, &serverCert, &clientCert})
            if (*c && (*c)->signTimeMs())
                t = std::max(t, *(*c)->signTimeMs() + 1);
        return t;
    }
};

QByteArray reasonOf(const Handshake::Output &o) {
    return o.failure ? o.failure->reason.toUtf8() : QByteArray();
}

enum class At { ClientAwaitsServerHello, ServerAwaitsClientHello, ServerAwaitsClientReady };
enum class Input { Text, Binary, Timeout };

} // namespace

class tst_Handshake : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void transcriptOpens_data() { transcripts(); }
    void transcriptOpens();
    void transcriptClientIsByteIdentical_data() { transcripts(); }
    void transcriptClientIsByteIdentical();
    void transcriptServerIsByteIdentical_data() { transcripts(); }
    void transcriptServerIsByteIdentical();

    void bothRoles_data();
    void bothRoles();
    void acceptsAnyKeyOrderAndExtraKeys_data();
    void acceptsAnyKeyOrderAndExtraKeys();

    void hostileInput_data();
    void hostileInput();
    void startRefusesBadConfiguration_data();
    void startRefusesBadConfiguration();
    void inputAfterFinishIsRefused_data();
    void inputAfterFinishIsRefused();

    void sessionErrorTable_data();
    void sessionErrorTable();
    void reasonIsClippedOnCharacters_data();
    void reasonIsClippedOnCharacters();

    void dataPhaseRefusesBadFrames_data();
    void dataPhaseRefusesBadFrames();

private:
    void transcripts();
    void loadTranscript(const QString &file, Transcript &t);
    HandshakeConfig config(Role role, int version, bool requireCert, bool ownCert,
                           const ScriptedRandom &rnd) const;
    ScriptedRandom script(Role role) const;
    void secured(Handshake &client, Handshake &server, std::vector<Handshake::Output> *outs);
    void verifyNoSecrets(const QString &reason) const;

    // Canonical messages of the fixed handshake, and hostile variants of them.
    QByteArray clientHello(int version) const;
    QByteArray serverPlain(const QByteArray &payload = {}) const { return m_ns + m_ks + payload; }
    QByteArray clientPlain(const QByteArray &payload = {}) const {
        return m_ncNew + m_kc + payload;
    }
    QByteArray serverBox(const QByteArray &plain) const {
        return boxSeal(m_client.publicKey, m_server.secretKey, plain, m_nc);
    }
    QByteArray clientBox(const QByteArray &plain) const {
        return boxSeal(m_server.publicKey, m_client.secretKey, plain, m_ns);
    }
    QByteArray serverHello(int version, const json::Value &box) const;
    QByteArray clientReady(int version, const json::Value &box) const;
    QByteArray certPayload(const json::Value &cert, bool requireCert = true) const {
        return text(obj({{S("cert"), cert}, {S("requireCert"), requireCert}}));
    }
    QByteArray serverHelloV2(const cert::Certificate &c) const {
        return serverHello(2, arr(serverBox(serverPlain(certPayload(c.raw())))));
    }
    QByteArray clientReadyV2(const QByteArray &payload) const {
        return clientReady(2, arr(clientBox(clientPlain(payload))));
    }
    cert::Certificate signed_(const cert::CaKey &ca, const QByteArray &pk, const QStringList &names,
                              const QStringList &ips, qint64 tte, qint64 at) const;

    qint64 m_now = 0;
    BoxKeyPair m_client, m_server;
    QByteArray m_nc, m_ns, m_ks, m_ncNew, m_kc;
    std::optional<cert::CaKey> m_ca, m_evilCa, m_impostorCa;
    std::optional<cert::Certificate> m_serverCert, m_clientCert;
};

// ---- Fixture ----------------------------------------------------------------------------

cert::Certificate tst_Handshake::signed_(const cert::CaKey &ca, const QByteArray &pk,
                                         const QStringList &names, const QStringList &ips,
                                         qint64 tte, qint64 at) const {
    cert::CertRequest req;
    req.publicKey = pk;
    req.names = names;
    req.ips = ips;
    req.tteMs = tte;
    auto c = cert::sign(req, ca, at);
    if (!c)
        qFatal("cert::sign failed: %s", qPrintable(c.error()));
    return *c;
}

void tst_Handshake::initTestCase() {
    ensureSodium();
    m_now = 1'900'000'000'000; // fixed: every certificate below is valid then
    const qint64 day = 86'400'000;
    m_client = BoxKeyPair::generate();
    m_server = BoxKeyPair::generate();
    m_nc = randomBytes(kShortNonceBytes);
    m_ns = randomBytes(kShortNonceBytes);
    m_ncNew = randomBytes(kShortNonceBytes);
    m_ks = randomSecret(kShareKeyBytes).copyOut();
    m_kc = randomSecret(kShareKeyBytes).copyOut();
    m_ca.emplace(cert::generateCa(S("sws-test-ca"), m_now + 30 * day, m_now - day));
    m_evilCa.emplace(cert::generateCa(S("evil-ca"), m_now + 30 * day, m_now - day));
    m_impostorCa.emplace(cert::generateCa(S("SWS-Test-CA"), m_now + 30 * day, m_now - day));
    m_serverCert = signed_(*m_ca, m_server.publicKey, {S("sws.test")}, {S("127.0.0.1")},
                           m_now + day, m_now - 1000);
    m_clientCert =
        signed_(*m_ca, m_client.publicKey, {}, {S("10.0.0.2")}, m_now + day, m_now - 1000);
}

ScriptedRandom tst_Handshake::script(Role role) const {
    ScriptedRandom rnd;
    for (const QByteArray &b : role == Role::Client ? QList<QByteArray>{m_nc, m_ncNew, m_kc}
                                                    : QList<QByteArray>{m_ns, m_ks})
        rnd.push(b);
    return rnd;
}

HandshakeConfig tst_Handshake::config(Role role, int version, bool requireCert, bool ownCert,
                                      const ScriptedRandom &rnd) const {
    HandshakeConfig c;
    c.role = role;
    c.version = version;
    c.keyPair = (role == Role::Client ? m_client : m_server).clone();
    if (version >= 2 && ownCert)
        c.certificate = role == Role::Client ? m_clientCert : m_serverCert;
    c.trustedCas = {m_ca->cert};
    c.requireCert = requireCert;
    // The server is given a host too: it must bind the client by address only.
    c.peer = role == Role::Client ? cert::Endpoint{S("sws.test"), QHostAddress(S("127.0.0.1"))}
                                  : cert::Endpoint{S("sws.test"), QHostAddress(S("10.0.0.2"))};
    c.random = rnd.fn();
    const qint64 now = m_now;
    c.nowMs = [now] { return now; };
    return c;
}

QByteArray tst_Handshake::clientHello(int version) const {
    return text(obj({{S("opc"), 0},
                     {S("version"), version},
                     {S("client_public_key"), arr(m_client.publicKey)},
                     {S("nonce"), arr(m_nc)}}));
}

QByteArray tst_Handshake::serverHello(int version, const json::Value &box) const {
    return text(obj({{S("opc"), 1},
                     {S("version"), version},
                     {S("server_public_key"), arr(m_server.publicKey)},
                     {S("s_blackbox_a"), box}}));
}

QByteArray tst_Handshake::clientReady(int version, const json::Value &box) const {
    return text(obj({{S("opc"), 2}, {S("version"), version}, {S("s_blackbox_a"), box}}));
}

// Runs client and server against each other until both are secured.
void tst_Handshake::secured(Handshake &client, Handshake &server,
                            std::vector<Handshake::Output> *outs) {
    std::vector<Handshake::Output> local;
    auto &o = outs ? *outs : local;
    o.push_back(server.start());
    o.push_back(client.start());
    std::deque<std::pair<bool, QByteArray>> toDeliver; // (to server, text)
    for (const QByteArray &m : o.back().send)
        toDeliver.emplace_back(true, m);
    while (!toDeliver.empty() && o.size() < 10) {
        auto [toServer, m] = toDeliver.front();
        toDeliver.pop_front();
        o.push_back(toServer ? server.receiveText(m) : client.receiveText(m));
        QVERIFY2(!o.back().failure, reasonOf(o.back()).constData());
        for (const QByteArray &reply : o.back().send)
            toDeliver.emplace_back(!toServer, reply);
    }
    QCOMPARE(client.state(), Handshake::State::Secured);
    QCOMPARE(server.state(), Handshake::State::Secured);
}

// A reason must not render any secret: neither private key, share key nor box key, in hex or
// as decimal byte lists, in any 4-byte window.
void tst_Handshake::verifyNoSecrets(const QString &reason) const {
    QByteArray boxKey(crypto_box_BEFORENMBYTES, '\0');
    QCOMPARE(crypto_box_beforenm(reinterpret_cast<unsigned char *>(boxKey.data()),
                                 u8(m_server.publicKey), m_client.secretKey.data()),
             0);
    const QList<QByteArray> secrets{m_client.secretKey.copyOut(), m_server.secretKey.copyOut(),
                                    m_ks, m_kc, boxKey};
    const QString lower = reason.toLower();
    for (const QByteArray &s : secrets) {
        for (int i = 0; i + 4 <= s.size(); ++i) {
            const QByteArray w = s.mid(i, 4);
            QStringList dec;
            for (char c : w)
                dec << QString::number(static_cast<unsigned char>(c));
            for (const QString &needle :
                 {QString::fromLatin1(w.toHex()), dec.join(QLatin1Char(',')),
                  dec.join(QStringLiteral(", ")), dec.join(QLatin1Char(' '))})
                QVERIFY2(!lower.contains(needle), "a secret is rendered in the reason");
        }
    }
}

// ---- (a) Transcripts of the reference --------------------------------------------------

void tst_Handshake::transcripts() {
    QTest::addColumn<QString>("file");
    QTest::newRow("version 1") << S("handshake-v1.json");
    QTest::newRow("version 2 (certificates, requireCert)") << S("handshake-v2.json");
}

void tst_Handshake::loadTranscript(const QString &file, Transcript &t) {
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
    QCOMPARE(t.server.publicKey.size(), kBoxPublicKeyBytes);
    QCOMPARE(t.client.publicKey.size(), kBoxPublicKeyBytes);
    for (const json::Value &p : v.find(S("plaintexts_from_client"))->items())
        t.plaintexts << QByteArray::fromHex(p.toString().toLatin1());
    t.replyPrefix = hex("server_reply_prefix");
    for (const json::Value &w : v.find(S("wire"))->items()) {
        WireFrame fr;
        fr.fromClient = w.find(S("from"))->toString() == S("client");
        fr.binary = w.find(S("kind"))->toString() == S("binary");
        const QByteArray data = w.find(S("data"))->toString().toUtf8();
        fr.data = fr.binary ? QByteArray::fromHex(data) : data;
        t.wire.push_back(fr);
    }
    QVERIFY(t.wire.size() >= 3);
    QVERIFY(!t.wire[0].binary && !t.wire[1].binary && !t.wire[2].binary);

    // Open the recorded boxes with the recorded keys.
    const json::Value ch = parsed(t.wire[0].data), sh = parsed(t.wire[1].data),
                      cr = parsed(t.wire[2].data);
    t.nc = bytesOf(ch.find(S("nonce")));
    QCOMPARE(t.nc.size(), kShortNonceBytes);
    const QByteArray sPlain = boxOpen(bytesOf(sh.find(S("server_public_key"))), t.client.secretKey,
                                      bytesOf(sh.find(S("s_blackbox_a"))), t.nc);
    QVERIFY2(sPlain.size() >= 40, "ServerHello box does not open with the client key");
    t.ns = sPlain.left(8);
    t.ks = sPlain.mid(8, 32);
    const QByteArray cPlain = boxOpen(bytesOf(ch.find(S("client_public_key"))), t.server.secretKey,
                                      bytesOf(cr.find(S("s_blackbox_a"))), t.ns);
    QVERIFY2(cPlain.size() >= 40, "ClientReady box does not open with the server key");
    t.ncNew = cPlain.left(8);
    t.kc = cPlain.mid(8, 32);
    if (t.version == 1) {
        QCOMPARE(sPlain.size(), 40);
        QCOMPARE(cPlain.size(), 40);
        return;
    }
    t.serverPayload = parsed(sPlain.mid(40));
    t.clientPayload = parsed(cPlain.mid(40));
    QVERIFY(t.serverPayload.isObject());
    auto ca = cert::Certificate::fromJson(*v.find(S("ca")));
    QVERIFY(ca);
    t.ca = *ca;
    auto sc = cert::Certificate::fromJson(*t.serverPayload.find(S("cert")));
    QVERIFY(sc);
    t.serverCert = *sc;
    t.requireCert = t.serverPayload.find(S("requireCert"))->toBool();
    if (t.requireCert) {
        auto cc = cert::Certificate::fromJson(t.clientPayload);
        QVERIFY(cc);
        t.clientCert = *cc;
    }
}

// The recorded boxes and frames open with the recorded keys, to the recorded plaintexts.
void tst_Handshake::transcriptOpens() {
    QFETCH(QString, file);
    Transcript t;
    loadTranscript(file, t);
    if (QTest::currentTestFailed())
        return;
    const json::Value ch = parsed(t.wire[0].data), sh = parsed(t.wire[1].data);
    QCOMPARE(bytesOf(ch.find(S("client_public_key"))), t.client.publicKey);
    QCOMPARE(bytesOf(sh.find(S("server_public_key"))), t.server.publicKey);
    QVERIFY(t.ncNew != t.nc); // ClientReady carries a new nonce

    const auto clientFrames = t.frames(true);
    const auto serverFrames = t.frames(false);
    QCOMPARE(qsizetype(clientFrames.size()), t.plaintexts.size());
    QCOMPARE(qsizetype(serverFrames.size()), t.plaintexts.size());
    SecretBoxChannel fromClient(secret(t.kc), *NonceCounter::fromBytes(t.ncNew));
    SecretBoxChannel fromServer(secret(t.ks), *NonceCounter::fromBytes(t.ns));
    for (int i = 0; i < t.plaintexts.size(); ++i) {
        auto c = fromClient.open(clientFrames[static_cast<std::size_t>(i)]);
        QVERIFY(c);
        QCOMPARE(*c, t.plaintexts[i]);
        auto s = fromServer.open(serverFrames[static_cast<std::size_t>(i)]);
        QVERIFY(s);
        QCOMPARE(*s, t.replyPrefix + t.plaintexts[i]);
    }
    if (t.version >= 2) {
        QCOMPARE(t.serverCert->publicKey(), t.server.publicKey);
        if (t.clientCert)
            QCOMPARE(t.clientCert->publicKey(), t.client.publicKey);
        else
            QCOMPARE(text(t.clientPayload), QByteArray("{}"));
    }
}

// Our client, fed the recorded random values, sends the recorded frames byte for byte.
void tst_Handshake::transcriptClientIsByteIdentical() {
    QFETCH(QString, file);
    Transcript t;
    loadTranscript(file, t);
    if (QTest::currentTestFailed())
        return;
    ScriptedRandom rnd;
    for (const QByteArray &b : {t.nc, t.ncNew, t.kc})
        rnd.push(b);
    HandshakeConfig c;
    c.role = Role::Client;
    c.version = t.version;
    c.keyPair = t.client.clone();
    c.random = rnd.fn();
    const qint64 now = t.validNow();
    c.nowMs = [now] { return now; };
    if (t.version >= 2) {
        QVERIFY(!t.serverCert->names().isEmpty() && !t.serverCert->ips().isEmpty());
        QVERIFY(now < t.serverCert->tteMs());
        c.certificate = t.clientCert;
        c.trustedCas = {*t.ca};
        c.peer = {t.serverCert->names().first(), QHostAddress(t.serverCert->ips().first())};
    }
    Handshake hs(std::move(c));
    auto hello = hs.start();
    QVERIFY(!hello.failure);
    QCOMPARE(hello.send.size(), std::size_t(1));
    QCOMPARE(hello.send[0], t.wire[0].data);
    QCOMPARE(hello.records.size(), std::size_t(1));
    QCOMPARE(hello.records[0].rawJson, t.wire[0].data);
    QCOMPARE(hs.state(), Handshake::State::AwaitServerHello);

    auto ready = hs.receiveText(t.wire[1].data);
    QVERIFY2(!ready.failure, reasonOf(ready).constData());
    QVERIFY(ready.secured);
    QCOMPARE(ready.send.size(), std::size_t(1));
    QCOMPARE(ready.send[0], t.wire[2].data);
    QVERIFY(rnd.used());
    QCOMPARE(ready.records.size(), std::size_t(2));
    const HandshakeRecord &in = ready.records[0];
    const HandshakeRecord &out = ready.records[1];
    QCOMPARE(in.step, HandshakeStep::ServerHello);
    QCOMPARE(in.direction, HandshakeRecord::Direction::Received);
    QCOMPARE(in.rawJson, t.wire[1].data);
    QVERIFY(in.boxOpened);
    QCOMPARE(in.boxNonce, t.ns);
    QCOMPARE(in.boxShareKey, t.ks);
    QVERIFY(in.boxPayload == t.serverPayload);
    QCOMPARE(out.step, HandshakeStep::ClientReady);
    QCOMPARE(out.direction, HandshakeRecord::Direction::Sent);
    QCOMPARE(out.boxNonce, t.ncNew);
    QCOMPARE(out.boxShareKey, t.kc);
    QVERIFY(out.boxPayload == t.clientPayload);
    QCOMPARE(ready.peerVerdict.has_value(), t.version >= 2);
    if (ready.peerVerdict)
        QVERIFY2(ready.peerVerdict->valid, qPrintable(ready.peerVerdict->message));

    SecuredSession s = hs.takeSession();
    QCOMPARE(s.peerPublicKey, t.server.publicKey);
    QCOMPARE(s.peerCertificate.has_value(), t.version >= 2);
    const auto clientFrames = t.frames(true);
    const auto serverFrames = t.frames(false);
    for (int i = 0; i < t.plaintexts.size(); ++i) {
        QCOMPARE(s.tx.seal(t.plaintexts[i]).toHex(),
                 clientFrames[static_cast<std::size_t>(i)].toHex());
        auto reply = s.rx.open(serverFrames[static_cast<std::size_t>(i)]);
        QVERIFY(reply);
        QCOMPARE(*reply, t.replyPrefix + t.plaintexts[i]);
    }
}

// Our server, fed the recorded random values, sends the recorded ServerHello byte for byte.
void tst_Handshake::transcriptServerIsByteIdentical() {
    QFETCH(QString, file);
    Transcript t;
    loadTranscript(file, t);
    if (QTest::currentTestFailed())
        return;
    ScriptedRandom rnd;
    rnd.push(t.ns);
    rnd.push(t.ks);
    HandshakeConfig c;
    c.role = Role::Server;
    c.version = t.version;
    c.keyPair = t.server.clone();
    c.random = rnd.fn();
    const qint64 now = t.validNow();
    c.nowMs = [now] { return now; };
    if (t.version >= 2) {
        c.certificate = t.serverCert;
        c.requireCert = t.requireCert;
        c.trustedCas = {*t.ca};
        if (t.clientCert) {
            QVERIFY(!t.clientCert->ips().isEmpty());
            c.peer.address = QHostAddress(t.clientCert->ips().first());
        }
    }
    Handshake hs(std::move(c));
    auto started = hs.start();
    QVERIFY(!started.failure);
    QVERIFY(started.send.empty());
    QCOMPARE(hs.state(), Handshake::State::AwaitClientHello);

    auto hello = hs.receiveText(t.wire[0].data);
    QVERIFY2(!hello.failure, reasonOf(hello).constData());
    QCOMPARE(hello.send.size(), std::size_t(1));
    QCOMPARE(hello.send[0], t.wire[1].data);
    QVERIFY(rnd.used());
    QCOMPARE(hello.records.size(), std::size_t(2));
    QCOMPARE(hello.records[0].step, HandshakeStep::ClientHello);
    QCOMPARE(hello.records[0].rawJson, t.wire[0].data);
    QCOMPARE(hello.records[1].step, HandshakeStep::ServerHello);
    QCOMPARE(hello.records[1].boxShareKey, t.ks);
    QVERIFY(hello.records[1].boxPayload == t.serverPayload);

    auto ready = hs.receiveText(t.wire[2].data);
    QVERIFY2(!ready.failure, reasonOf(ready).constData());
    QVERIFY(ready.secured);
    QVERIFY(ready.send.empty());
    QCOMPARE(ready.records.size(), std::size_t(1));
    QCOMPARE(ready.records[0].boxNonce, t.ncNew);
    QCOMPARE(ready.records[0].boxShareKey, t.kc);
    QCOMPARE(ready.peerVerdict.has_value(), t.requireCert);

    SecuredSession s = hs.takeSession();
    QCOMPARE(s.peerPublicKey, t.client.publicKey);
    QCOMPARE(s.peerCertificate.has_value(), t.requireCert);
    const auto clientFrames = t.frames(true);
    const auto serverFrames = t.frames(false);
    for (int i = 0; i < t.plaintexts.size(); ++i) {
        auto plain = s.rx.open(clientFrames[static_cast<std::size_t>(i)]);
        QVERIFY(plain);
        QCOMPARE(*plain, t.plaintexts[i]);
        QCOMPARE(s.tx.seal(t.replyPrefix + *plain).toHex(),
                 serverFrames[static_cast<std::size_t>(i)].toHex());
    }
}

// ---- (b) Both roles in memory -----------------------------------------------------------

void tst_Handshake::bothRoles_data() {
    QTest::addColumn<int>("version");
    QTest::addColumn<bool>("requireCert");
    QTest::addColumn<bool>("checkEndpoint");
    QTest::newRow("version 1") << 1 << false << true;
    QTest::newRow("version 2, client certificate not required") << 2 << false << true;
    QTest::newRow("version 2, client certificate required") << 2 << true << true;
    QTest::newRow("version 2, endpoint check off") << 2 << true << false;
}

void tst_Handshake::bothRoles() {
    QFETCH(int, version);
    QFETCH(bool, requireCert);
    QFETCH(bool, checkEndpoint);
    ScriptedRandom none; // unscripted: use real randomness
    HandshakeConfig cc = config(Role::Client, version, false, true, none);
    HandshakeConfig sc = config(Role::Server, version, requireCert, true, none);
    cc.random = nullptr;
    sc.random = nullptr;
    if (!checkEndpoint) { // the certificates would not match these endpoints
        cc.checkEndpoint = sc.checkEndpoint = false;
        cc.peer = {S("elsewhere.test"), QHostAddress(S("192.0.2.1"))};
        sc.peer = {QString(), QHostAddress(S("192.0.2.2"))};
    }
    Handshake client(std::move(cc));
    Handshake server(std::move(sc));
    std::vector<Handshake::Output> outs;
    secured(client, server, &outs);
    if (QTest::currentTestFailed())
        return;
    // outs: server start, client hello, server hello, client ready, server secured.
    QCOMPARE(outs.size(), std::size_t(5));
    QVERIFY(outs[3].secured && outs[4].secured);
    const HandshakeRecord &shSent = outs[2].records.at(1);
    const HandshakeRecord &shReceived = outs[3].records.at(0);
    const HandshakeRecord &crSent = outs[3].records.at(1);
    const HandshakeRecord &crReceived = outs[4].records.at(0);
    QCOMPARE(shReceived.boxShareKey, shSent.boxShareKey);
    QCOMPARE(shReceived.boxNonce, shSent.boxNonce);
    QCOMPARE(crReceived.boxShareKey, crSent.boxShareKey);
    QCOMPARE(crReceived.boxNonce, crSent.boxNonce);
    QVERIFY(shSent.boxShareKey != crSent.boxShareKey);
    QVERIFY(shReceived.boxPayload == shSent.boxPayload);
    if (version >= 2) {
        QVERIFY(shSent.boxPayload.find(S("cert")) &&
                *shSent.boxPayload.find(S("cert")) == m_serverCert->raw());
        QVERIFY(shSent.boxPayload.find(S("requireCert")) &&
                *shSent.boxPayload.find(S("requireCert")) == json::Value(requireCert));
        // Without a request the client sends {} (as the reference does), not its certificate.
        QVERIFY(crSent.boxPayload == (requireCert ? m_clientCert->raw() : json::Value::object()));
        QVERIFY(crReceived.boxPayload == crSent.boxPayload);
    } else {
        QVERIFY(shSent.boxPayload.isNull() && crSent.boxPayload.isNull());
    }
    QCOMPARE(outs[3].peerVerdict.has_value(), version >= 2);
    QCOMPARE(outs[4].peerVerdict.has_value(), version >= 2 && requireCert);

    SecuredSession cs = client.takeSession();
    SecuredSession ss = server.takeSession();
    QVERIFY(cs.tx.isValid() && cs.rx.isValid() && ss.tx.isValid() && ss.rx.isValid());
    QVERIFY(!client.takeSession().tx.isValid()); // handed over once
    QCOMPARE(cs.peerPublicKey, m_server.publicKey);
    QCOMPARE(ss.peerPublicKey, m_client.publicKey);
    QCOMPARE(cs.version, version);
    QCOMPARE(ss.version, version);
    QCOMPARE(cs.peerCertificate.has_value(), version >= 2);
    if (cs.peerCertificate)
        QCOMPARE(cs.peerCertificate->toBytes(), m_serverCert->toBytes());
    QCOMPARE(ss.peerCertificate.has_value(), version >= 2 && requireCert);
    if (ss.peerCertificate) {
        QCOMPARE(ss.peerCertificate->toBytes(), m_clientCert->toBytes());
        QVERIFY(ss.peerVerdict && ss.peerVerdict->valid);
    }

    const QList<QByteArray> messages{QByteArrayLiteral("hello"), QByteArray(),
                                     QByteArray(65536, '\xa5'), QByteArrayLiteral("bye")};
    for (const QByteArray &m : messages) {
        auto up = ss.rx.open(cs.tx.seal(m));
        QVERIFY(up);
        QCOMPARE(*up, m);
        auto down = cs.rx.open(ss.tx.seal(m));
        QVERIFY(down);
        QCOMPARE(*down, m);
    }
    QCOMPARE(cs.tx.counter().value(), ss.rx.counter().value());
    QCOMPARE(ss.tx.counter().value(), cs.rx.counter().value());
}

void tst_Handshake::acceptsAnyKeyOrderAndExtraKeys_data() {
    QTest::addColumn<int>("at");
    QTest::addColumn<int>("version");
    QTest::addColumn<QByteArray>("message");
    const auto ch = [&](std::vector<json::Member> m) { return text(obj(std::move(m))); };
    const json::Value key = arr(m_client.publicKey), nonce = arr(m_nc);
    QTest::newRow("ClientHello, keys reversed") << int(At::ServerAwaitsClientHello) << 1
                                                << ch({{S("nonce"), nonce},
                                                       {S("client_public_key"), key},
                                                       {S("version"), 1},
                                                       {S("opc"), 0}});
    QTest::newRow("ClientHello, extra keys") << int(At::ServerAwaitsClientHello) << 1
                                             << ch({{S("x"), json::Value::array()},
                                                    {S("opc"), 0},
                                                    {S("client_public_key"), key},
                                                    {S("version"), 1},
                                                    {S("nonce"), nonce},
                                                    {S("comment"), S("ignored")}});
    QTest::newRow("ClientHello, opc written 0.0 and padded with whitespace")
        << int(At::ServerAwaitsClientHello) << 1
        << QByteArray(" {\"opc\" : 0.0, \"version\":1e0, \"client_public_key\":") + text(key) +
               ", \"nonce\": " + text(nonce) + "}\n";
    const json::Value box = arr(serverBox(serverPlain()));
    QTest::newRow("ServerHello, keys reversed, extra key")
        << int(At::ClientAwaitsServerHello) << 1
        << ch({{S("s_blackbox_a"), box},
               {S("server_public_key"), arr(m_server.publicKey)},
               {S("extra"), true},
               {S("version"), 1},
               {S("opc"), 1}});
    QTest::newRow("ServerHello v1, bytes after the share key ignored")
        << int(At::ClientAwaitsServerHello) << 1
        << serverHello(1, arr(serverBox(serverPlain(QByteArrayLiteral("trailing")))));
    QTest::newRow("ServerHello v2, payload keys reversed")
        << int(At::ClientAwaitsServerHello) << 2
        << serverHello(2, arr(serverBox(serverPlain(text(obj(
                              {{S("requireCert"), false}, {S("cert"), m_serverCert->raw()}}))))));
    QTest::newRow("ClientReady, keys reversed, extra key")
        << int(At::ServerAwaitsClientReady) << 1
        << ch({{S("s_blackbox_a"), arr(clientBox(clientPlain()))},
               {S("version"), 1},
               {S("padding"), json::Value()},
               {S("opc"), 2}});
    QTest::newRow("ClientReady v2, unread payload when no certificate is required")
        << int(At::ServerAwaitsClientReady) << 2
        << clientReadyV2(QByteArrayLiteral("not json: nobody asked"));
}

void tst_Handshake::acceptsAnyKeyOrderAndExtraKeys() {
    QFETCH(int, at);
    QFETCH(int, version);
    QFETCH(QByteArray, message);
    const Role role = At(at) == At::ClientAwaitsServerHello ? Role::Client : Role::Server;
    ScriptedRandom rnd = script(role);
    Handshake hs(config(role, version, false, true, rnd));
    QVERIFY(!hs.start().failure);
    if (At(at) == At::ServerAwaitsClientReady)
        QVERIFY(!hs.receiveText(clientHello(version)).failure);
    auto out = hs.receiveText(message);
    QVERIFY2(!out.failure, reasonOf(out).constData());
    QCOMPARE(out.records.at(0).rawJson, message);
    QVERIFY(out.records.at(0).decoded.isObject());
    QVERIFY(!out.records.at(0).failure);
    if (At(at) == At::ServerAwaitsClientHello) {
        QCOMPARE(hs.state(), Handshake::State::AwaitClientReady);
        QCOMPARE(out.send.size(), std::size_t(1));
        return;
    }
    QCOMPARE(hs.state(), Handshake::State::Secured);
    QVERIFY(out.secured);
    SecuredSession s = hs.takeSession();
    // The share keys came through intact: frames made with the fixture's keys open.
    if (role == Role::Client) {
        QCOMPARE(s.rx.key().copyOut(), m_ks);
        QCOMPARE(s.rx.counter().bytes(), m_ns);
    } else {
        QCOMPARE(s.rx.key().copyOut(), m_kc);
        QCOMPARE(s.rx.counter().bytes(), m_ncNew);
    }
}

// ---- (c) Hostile input ------------------------------------------------------------------

void tst_Handshake::hostileInput_data() {
    QTest::addColumn<int>("at");
    QTest::addColumn<int>("version");
    QTest::addColumn<bool>("requireCert");
    QTest::addColumn<bool>("ownCert");
    QTest::addColumn<int>("input");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<SessionError>("error");
    QTest::addColumn<int>("closeCode");
    QTest::addColumn<int>("rule"); // -1: none

    using E = SessionError;
    using R = cert::Rule;
    const auto row = [](const char *name, At at, int version, const QByteArray &msg, E e, int code,
                        std::optional<R> rule = std::nullopt, bool requireCert = true,
                        bool ownCert = true, Input in = Input::Text) {
        QTest::newRow(name) << int(at) << version << requireCert << ownCert << int(in) << msg << e
                            << code << (rule ? int(*rule) : -1);
    };
    const auto msg = [](std::vector<json::Member> m) { return text(obj(std::move(m))); };
    const At CH = At::ServerAwaitsClientHello, SH = At::ClientAwaitsServerHello,
             CR = At::ServerAwaitsClientReady;
    const json::Value ckey = arr(m_client.publicKey), nonce = arr(m_nc);
    const auto hello = [&](json::Value key, json::Value n) {
        return msg(
            {{S("opc"), 0}, {S("version"), 1}, {S("client_public_key"), key}, {S("nonce"), n}});
    };
    const auto helloWith = [&](const QString &k, json::Value v) {
        json::Value m = parsed(clientHello(1));
        m.insert(k, std::move(v));
        return text(m);
    };
    const auto helloWithout = [&](const QString &k) {
        std::vector<json::Member> ms;
        const json::Value full = parsed(clientHello(1));
        for (const json::Member &m : full.members())
            if (m.key != k)
                ms.push_back(m);
        return text(obj(ms));
    };

    // ClientHello, at the server.
    row("ClientHello: not JSON", CH, 1, "hello server", E::MalformedJson, 4001);
    row("ClientHello: truncated JSON", CH, 1, clientHello(1).left(30), E::MalformedJson, 4001);
    row("ClientHello: empty frame", CH, 1, QByteArray(), E::MalformedJson, 4001);
    row("ClientHello: JSON array", CH, 1, "[0,1,[1,2,3],[4,5]]", E::MalformedJson, 4001);
    row("ClientHello: JSON string", CH, 1, "\"opc\"", E::MalformedJson, 4001);
    row("ClientHello: deep nesting", CH, 1,
        "{\"opc\":0,\"version\":1,\"x\":" + QByteArray(200, '[') + QByteArray(200, ']') + "}",
        E::MalformedJson, 4001);
    row("ClientHello: oversize (over 64 KiB)", CH, 1,
        helloWith(S("pad"), QString(70000, QLatin1Char('a'))), E::MalformedJson, 4001);
    row("ClientHello: duplicate opc", CH, 1, "{\"opc\":0,\"opc\":0," + clientHello(1).mid(9),
        E::MalformedJson, 4001);
    row("ClientHello: invalid UTF-8", CH, 1, helloWith(S("x"), S("ab")).replace("ab", "\xc3\x28"),
        E::MalformedJson, 4001);
    row("ClientHello: missing opc", CH, 1, helloWithout(S("opc")), E::MalformedMessage, 4002);
    row("ClientHello: opc as string", CH, 1, helloWith(S("opc"), S("0")), E::MalformedMessage,
        4002);
    row("ClientHello: opc null", CH, 1, helloWith(S("opc"), json::Value()), E::MalformedMessage,
        4002);
    row("ClientHello: missing version", CH, 1, helloWithout(S("version")), E::MalformedMessage,
        4002);
    row("ClientHello: version \"1\" (string)", CH, 1, helloWith(S("version"), S("1")),
        E::MalformedMessage, 4002);
    row("ClientHello: wrong opc (ClientReady)", CH, 1, helloWith(S("opc"), 2), E::UnexpectedOpcode,
        4003);
    row("ClientHello: wrong opc (ServerHello)", CH, 1, helloWith(S("opc"), 1), E::UnexpectedOpcode,
        4003);
    row("ClientHello: opc 0.5", CH, 1, helloWith(S("opc"), 0.5), E::UnexpectedOpcode, 4003);
    row("ClientHello: version 3", CH, 1, helloWith(S("version"), 3), E::VersionMismatch, 4004);
    row("ClientHello: version 2 at a v1 server", CH, 1, clientHello(2), E::VersionMismatch, 4004);
    row("ClientHello: version 1 at a v2 server", CH, 2, clientHello(1), E::VersionMismatch, 4004);
    row("ClientHello: missing client_public_key", CH, 1, helloWithout(S("client_public_key")),
        E::MalformedMessage, 4002);
    row("ClientHello: key as hex string", CH, 1,
        hello(QString::fromLatin1(m_client.publicKey.toHex()), nonce), E::MalformedMessage, 4002);
    row("ClientHello: key of 31 bytes", CH, 1, hello(arr(m_client.publicKey.left(31)), nonce),
        E::BadKeyLength, 4005);
    row("ClientHello: key of 33 bytes", CH, 1, hello(arr(m_client.publicKey + '\0'), nonce),
        E::BadKeyLength, 4005);
    row("ClientHello: key of 0 bytes", CH, 1, hello(json::Value::array(), nonce), E::BadKeyLength,
        4005);
    row("ClientHello: key element 256", CH, 1, hello(arrWith(m_client.publicKey, 3, 256), nonce),
        E::BadByteArray, 4007);
    row("ClientHello: key element -1", CH, 1, hello(arrWith(m_client.publicKey, 0, -1), nonce),
        E::BadByteArray, 4007);
    row("ClientHello: key element 1.5", CH, 1, hello(arrWith(m_client.publicKey, 31, 1.5), nonce),
        E::BadByteArray, 4007);
    row("ClientHello: key element \"1\"", CH, 1,
        hello(arrWith(m_client.publicKey, 7, S("1")), nonce), E::BadByteArray, 4007);
    row("ClientHello: key element null", CH, 1,
        hello(arrWith(m_client.publicKey, 7, json::Value()), nonce), E::BadByteArray, 4007);
    row("ClientHello: nonce of 7 bytes", CH, 1, hello(ckey, arr(m_nc.left(7))), E::BadNonceLength,
        4006);
    row("ClientHello: nonce of 9 bytes", CH, 1, hello(ckey, arr(m_nc + 'x')), E::BadNonceLength,
        4006);
    row("ClientHello: nonce element 256", CH, 1, hello(ckey, arrWith(m_nc, 0, 256)),
        E::BadByteArray, 4007);
    row("ClientHello: missing nonce", CH, 1, helloWithout(S("nonce")), E::MalformedMessage, 4002);
    row("ClientHello: low-order key (zero)", CH, 1, hello(arr(QByteArray(32, '\0')), nonce),
        E::KeyExchangeFailed, 4008);
    row("ClientHello: low-order key (order 8)", CH, 1,
        hello(arr(QByteArray::fromHex(
                  "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157")),
              nonce),
        E::KeyExchangeFailed, 4008);
    row("ClientHello: binary frame", CH, 1, clientHello(1), E::BinaryDuringHandshake, 1003, {},
        true, true, Input::Binary);
    row("ClientHello: timeout", CH, 1, {}, E::HandshakeTimeout, 4015, {}, true, true,
        Input::Timeout);

    // ServerHello, at the client.
    const QByteArray sbox = serverBox(serverPlain());
    row("ServerHello: not JSON", SH, 1, "<html>", E::MalformedJson, 4001);
    row("ServerHello: own ClientHello reflected", SH, 1, clientHello(1), E::UnexpectedOpcode, 4003);
    row("ServerHello: version 2 at a v1 client", SH, 1, serverHello(2, arr(sbox)),
        E::VersionMismatch, 4004);
    {
        json::Value m = parsed(serverHello(1, arr(sbox)));
        m.insert(S("server_public_key"), arr(m_server.publicKey.left(31)));
        row("ServerHello: server key of 31 bytes", SH, 1, text(m), E::BadKeyLength, 4005);
        m.insert(S("server_public_key"), arrWith(m_server.publicKey, 0, 256));
        row("ServerHello: server key element 256", SH, 1, text(m), E::BadByteArray, 4007);
        m.insert(S("server_public_key"),
                 arr(QByteArray::fromHex("e0eb7a7c3b41b8ae1656e3faf19fc46a"
                                         "da098deb9c32b1fd866205165f49b800")));
        row("ServerHello: low-order server key", SH, 1, text(m), E::KeyExchangeFailed, 4008);
        m = parsed(serverHello(1, arr(sbox)));
        m.insert(S("server_public_key"), arr(BoxKeyPair::generate().publicKey));
        row("ServerHello: box from another server key", SH, 1, text(m), E::BoxOpenFailed, 4009);
        m = parsed(serverHello(1, arr(sbox)));
        m.insert(S("s_blackbox_a"), S("AAAA"));
        row("ServerHello: s_blackbox_a as string", SH, 1, text(m), E::MalformedMessage, 4002);
    }
    row("ServerHello: missing s_blackbox_a", SH, 1,
        msg({{S("opc"), 1}, {S("version"), 1}, {S("server_public_key"), arr(m_server.publicKey)}}),
        E::MalformedMessage, 4002);
    row("ServerHello: box element -1", SH, 1, serverHello(1, arrWith(sbox, 20, -1)),
        E::BadByteArray, 4007);
    row("ServerHello: box tampered (one bit)", SH, 1, serverHello(1, arr(flipBit(sbox, 30, 4))),
        E::BoxOpenFailed, 4009);
    row("ServerHello: box tag tampered (one bit)", SH, 1, serverHello(1, arr(flipBit(sbox, 0, 0))),
        E::BoxOpenFailed, 4009);
    row("ServerHello: box truncated", SH, 1, serverHello(1, arr(sbox.chopped(1))), E::BoxOpenFailed,
        4009);
    row("ServerHello: box shorter than its tag", SH, 1, serverHello(1, arr(sbox.left(15))),
        E::BoxOpenFailed, 4009);
    row("ServerHello: box empty", SH, 1, serverHello(1, json::Value::array()), E::BoxOpenFailed,
        4009);
    row("ServerHello: box sealed with another nonce", SH, 1,
        serverHello(1, arr(boxSeal(m_client.publicKey, m_server.secretKey, serverPlain(), m_ns))),
        E::BoxOpenFailed, 4009);
    row("ServerHello: box of 8+31 bytes", SH, 1,
        serverHello(1, arr(serverBox(serverPlain().chopped(1)))), E::PlaintextTooShort, 4010);
    row("ServerHello: box of 0 bytes", SH, 1, serverHello(1, arr(serverBox(QByteArray()))),
        E::PlaintextTooShort, 4010);
    row("ServerHello v2: no payload", SH, 2, serverHello(2, arr(serverBox(serverPlain()))),
        E::CertificateMissing, 4012);
    row("ServerHello v2: cert JSON garbage", SH, 2,
        serverHello(2, arr(serverBox(serverPlain("{\"cert\":{\"desc\":")))),
        E::CertificateMalformed, 4011);
    row("ServerHello v2: payload is an array", SH, 2,
        serverHello(2, arr(serverBox(serverPlain("[1,2]")))), E::CertificateMalformed, 4011);
    row("ServerHello v2: payload without cert", SH, 2,
        serverHello(2, arr(serverBox(serverPlain("{\"requireCert\":false}")))),
        E::CertificateMissing, 4012);
    row("ServerHello v2: cert document malformed", SH, 2,
        serverHello(2, arr(serverBox(serverPlain(certPayload(obj({{S("desc"), obj({})}})))))),
        E::CertificateMalformed, 4011, R::Format);
    row("ServerHello v2: requireCert not a boolean", SH, 2,
        serverHello(2, arr(serverBox(serverPlain(text(obj(
                           {{S("cert"), m_serverCert->raw()}, {S("requireCert"), S("yes")}})))))),
        E::CertificateMalformed, 4011);
    const qint64 day = 86'400'000;
    row("ServerHello v2: cert signed by an untrusted CA", SH, 2,
        serverHelloV2(signed_(*m_evilCa, m_server.publicKey, {S("sws.test")}, {S("127.0.0.1")},
                              m_now + day, m_now - 1000)),
        E::CertificateRefused, 4013, R::CaTrusted);
    row("ServerHello v2: cert signed by an impostor CA of the trusted name", SH, 2,
        serverHelloV2(signed_(*m_impostorCa, m_server.publicKey, {S("sws.test")}, {S("127.0.0.1")},
                              m_now + day, m_now - 1000)),
        E::CertificateRefused, 4013, R::Signature);
    row("ServerHello v2: self-signed server cert", SH, 2, serverHelloV2(m_ca->cert),
        E::CertificateRefused, 4013, R::CaTrusted);
    {
        json::Value raw = m_serverCert->raw();
        json::Value desc = *raw.find(S("desc"));
        desc.insert(S("names"), json::Value::array({json::Value(S("evil.test"))}));
        raw.insert(S("desc"), desc);
        row("ServerHello v2: cert names altered after signing", SH, 2,
            serverHello(2, arr(serverBox(serverPlain(certPayload(raw))))), E::CertificateRefused,
            4013, R::Signature);
    }
    row("ServerHello v2: cert for another host", SH, 2,
        serverHelloV2(signed_(*m_ca, m_server.publicKey, {S("other.test")}, {S("192.0.2.7")},
                              m_now + day, m_now - 1000)),
        E::EndpointMismatch, 4014, R::EndpointBinding);
    row("ServerHello v2: cert for a look-alike host (sws.test.evil.org)", SH, 2,
        serverHelloV2(signed_(*m_ca, m_server.publicKey, {S("sws.test.evil.org")}, {}, m_now + day,
                              m_now - 1000)),
        E::EndpointMismatch, 4014, R::EndpointBinding);
    row("ServerHello v2: cert for another key", SH, 2,
        serverHelloV2(signed_(*m_ca, BoxKeyPair::generate().publicKey, {S("sws.test")},
                              {S("127.0.0.1")}, m_now + day, m_now - 1000)),
        E::CertificateRefused, 4013, R::KeyBinding);
    row("ServerHello v2: expired cert", SH, 2,
        serverHelloV2(signed_(*m_ca, m_server.publicKey, {S("sws.test")}, {S("127.0.0.1")},
                              m_now - 1, m_now - 2 * day)),
        E::CertificateRefused, 4013, R::Expiry);
    row("ServerHello v2: client cert required, none configured", SH, 2,
        serverHelloV2(*m_serverCert), E::LocalConfiguration, 4030, {}, true, false);
    row("ServerHello: binary frame", SH, 1, sbox, E::BinaryDuringHandshake, 1003, {}, true, true,
        Input::Binary);
    row("ServerHello: timeout", SH, 1, {}, E::HandshakeTimeout, 4015, {}, true, true,
        Input::Timeout);

    // ClientReady, at the server.
    const QByteArray cbox = clientBox(clientPlain());
    row("ClientReady: ClientHello repeated", CR, 1, clientHello(1), E::UnexpectedOpcode, 4003);
    row("ClientReady: not JSON", CR, 1, "{opc:2}", E::MalformedJson, 4001);
    row("ClientReady: version 2 at a v1 server", CR, 1, clientReady(2, arr(cbox)),
        E::VersionMismatch, 4004);
    row("ClientReady: box element 1.5", CR, 1, clientReady(1, arrWith(cbox, 2, 1.5)),
        E::BadByteArray, 4007);
    row("ClientReady: box tampered (one bit)", CR, 1, clientReady(1, arr(flipBit(cbox, 40, 7))),
        E::BoxOpenFailed, 4009);
    row("ClientReady: box truncated", CR, 1, clientReady(1, arr(cbox.left(cbox.size() / 2))),
        E::BoxOpenFailed, 4009);
    row("ClientReady: box sealed with the ClientHello nonce", CR, 1,
        clientReady(1, arr(boxSeal(m_server.publicKey, m_client.secretKey, clientPlain(), m_nc))),
        E::BoxOpenFailed, 4009);
    row("ClientReady: server's own ServerHello box reflected", CR, 1,
        clientReady(1, arr(serverBox(serverPlain()))), E::BoxOpenFailed, 4009);
    row("ClientReady: box from another client key", CR, 1,
        clientReady(1, arr(boxSeal(m_server.publicKey, BoxKeyPair::generate().secretKey,
                                   clientPlain(), m_ns))),
        E::BoxOpenFailed, 4009);
    row("ClientReady: box of 8+31 bytes", CR, 1,
        clientReady(1, arr(clientBox(clientPlain().chopped(1)))), E::PlaintextTooShort, 4010);
    row("ClientReady v2: missing client cert ({})", CR, 2, clientReadyV2("{}"),
        E::CertificateMissing, 4012);
    row("ClientReady v2: no payload", CR, 2, clientReadyV2({}), E::CertificateMissing, 4012);
    row("ClientReady v2: cert JSON garbage", CR, 2, clientReadyV2("{\"desc\":[}"),
        E::CertificateMalformed, 4011);
    row("ClientReady v2: cert document malformed", CR, 2, clientReadyV2("{\"desc\":{},\"sign\":1}"),
        E::CertificateMalformed, 4011, R::Format);
    row("ClientReady v2: client cert by an untrusted CA", CR, 2,
        clientReadyV2(
            signed_(*m_evilCa, m_client.publicKey, {}, {S("10.0.0.2")}, m_now + day, m_now - 1000)
                .toBytes()),
        E::CertificateRefused, 4013, R::CaTrusted);
    row("ClientReady v2: self-signed client cert", CR, 2, clientReadyV2(m_evilCa->cert.toBytes()),
        E::CertificateRefused, 4013, R::CaTrusted);
    row("ClientReady v2: client cert for another key", CR, 2,
        clientReadyV2(
            signed_(*m_ca, m_server.publicKey, {}, {S("10.0.0.2")}, m_now + day, m_now - 1000)
                .toBytes()),
        E::CertificateRefused, 4013, R::KeyBinding);
    row("ClientReady v2: client cert for another address", CR, 2,
        clientReadyV2(
            signed_(*m_ca, m_client.publicKey, {}, {S("10.0.0.3")}, m_now + day, m_now - 1000)
                .toBytes()),
        E::EndpointMismatch, 4014, R::EndpointBinding);
    row("ClientReady v2: client cert matching only by host name", CR, 2,
        clientReadyV2(signed_(*m_ca, m_client.publicKey, {S("sws.test")}, {S("10.9.9.9")},
                              m_now + day, m_now - 1000)
                          .toBytes()),
        E::EndpointMismatch, 4014, R::EndpointBinding);
    row("ClientReady: binary frame", CR, 1, cbox, E::BinaryDuringHandshake, 1003, {}, true, true,
        Input::Binary);
    row("ClientReady: timeout", CR, 1, {}, E::HandshakeTimeout, 4015, {}, true, true,
        Input::Timeout);
}

// Every hostile message fails the handshake with its own error, code and rule; the reason is
// short and holds no secret; the failing message is recorded; and nothing is accepted after.
void tst_Handshake::hostileInput() {
    QFETCH(int, at);
    QFETCH(int, version);
    QFETCH(bool, requireCert);
    QFETCH(bool, ownCert);
    QFETCH(int, input);
    QFETCH(QByteArray, message);
    QFETCH(SessionError, error);
    QFETCH(int, closeCode);
    QFETCH(int, rule);

    const Role role = At(at) == At::ClientAwaitsServerHello ? Role::Client : Role::Server;
    ScriptedRandom rnd = script(role);
    Handshake hs(config(role, version, requireCert, ownCert, rnd));
    QVERIFY(!hs.start().failure);
    if (At(at) == At::ServerAwaitsClientReady) {
        auto hello = hs.receiveText(clientHello(version));
        QVERIFY(!hello.failure);
        // The server sealed what the fixture expects (the hostile rows rely on Ns).
        QCOMPARE(hello.records.at(1).boxNonce, m_ns);
    }
    const Handshake::State before = hs.state();

    Handshake::Output out = Input(input) == Input::Text     ? hs.receiveText(message)
                            : Input(input) == Input::Binary ? hs.receiveBinary(message)
                                                            : hs.timeout();
    QVERIFY(out.failure);
    QCOMPARE(sessionErrorName(out.failure->error), sessionErrorName(error));
    QCOMPARE(int(out.failure->error), int(error));
    QCOMPARE(int(out.failure->closeCode), closeCode);
    QCOMPARE(out.failure->rule ? int(*out.failure->rule) : -1, rule);
    QVERIFY(!out.failure->reason.isEmpty());
    QVERIFY(out.failure->reason.toUtf8().size() <= 123);
    verifyNoSecrets(out.failure->reason);
    QVERIFY(out.send.empty());
    QVERIFY(!out.secured);
    QCOMPARE(hs.state(), Handshake::State::Failed);
    QVERIFY(!hs.takeSession().rx.isValid());

    if (Input(input) == Input::Timeout) {
        QVERIFY(out.records.empty());
    } else {
        QCOMPARE(out.records.size(), std::size_t(1));
        const HandshakeRecord &r = out.records[0];
        QCOMPARE(r.direction, HandshakeRecord::Direction::Received);
        QCOMPARE(r.step, before == Handshake::State::AwaitServerHello ? HandshakeStep::ServerHello
                         : before == Handshake::State::AwaitClientHello
                             ? HandshakeStep::ClientHello
                             : HandshakeStep::ClientReady);
        QVERIFY(r.failure);
        QCOMPARE(int(r.failure->error), int(error));
        QCOMPARE(r.rawJson, message.left(qsizetype(64) * 1024));
    }

    // Input after Failed: refused with the same failure, no state change, nothing recorded.
    const QByteArray valid = role == Role::Client
                                 ? serverHello(version, arr(serverBox(serverPlain())))
                                 : clientHello(version);
    for (Handshake::Output again :
         {hs.receiveText(valid), hs.receiveBinary(valid), hs.timeout(), hs.start()}) {
        QVERIFY(again.failure);
        QCOMPARE(int(again.failure->error), int(error));
        QCOMPARE(again.failure->reason, out.failure->reason);
        QVERIFY(again.send.empty() && again.records.empty() && !again.secured);
        QCOMPARE(hs.state(), Handshake::State::Failed);
    }
}

void tst_Handshake::startRefusesBadConfiguration_data() {
    QTest::addColumn<int>("role");
    QTest::addColumn<QString>("change");
    QTest::newRow("v2 server without certificate") << int(Role::Server) << S("no cert");
    QTest::newRow("v2 server with a certificate for another key")
        << int(Role::Server) << S("cert for other key");
    QTest::newRow("version 0") << int(Role::Client) << S("version 0");
    QTest::newRow("version 3 server") << int(Role::Server) << S("version 3");
    QTest::newRow("client key pair mismatched") << int(Role::Client) << S("mismatched keys");
    QTest::newRow("server key pair empty") << int(Role::Server) << S("empty keys");
}

void tst_Handshake::startRefusesBadConfiguration() {
    QFETCH(int, role);
    QFETCH(QString, change);
    ScriptedRandom rnd;
    HandshakeConfig c = config(Role(role), 2, false, true, rnd);
    if (change == S("no cert"))
        c.certificate.reset();
    else if (change == S("cert for other key"))
        c.certificate = m_clientCert;
    else if (change == S("version 0"))
        c.version = 0;
    else if (change == S("version 3"))
        c.version = 3;
    else if (change == S("mismatched keys"))
        c.keyPair.publicKey = m_server.publicKey;
    else if (change == S("empty keys"))
        c.keyPair = BoxKeyPair{};
    Handshake hs(std::move(c));
    auto out = hs.start();
    QVERIFY(out.failure);
    QCOMPARE(int(out.failure->error), int(SessionError::LocalConfiguration));
    QCOMPARE(int(out.failure->closeCode), 4030);
    QVERIFY(out.send.empty() && out.records.empty());
    QCOMPARE(hs.state(), Handshake::State::Failed);
    QVERIFY(rnd.used()); // no nonce was drawn
}

void tst_Handshake::inputAfterFinishIsRefused_data() {
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("error"); // -1: ignored without failure
    QTest::newRow("Secured, text") << S("text") << int(SessionError::TextAfterHandshake);
    QTest::newRow("Secured, binary") << S("binary") << int(SessionError::LocalConfiguration);
    QTest::newRow("Secured, start again") << S("start") << int(SessionError::LocalConfiguration);
    QTest::newRow("Secured, late timeout") << S("timeout") << -1;
}

// Failed is covered by hostileInput; here a secured handshake refuses more input and stays
// secured, its session still available.
void tst_Handshake::inputAfterFinishIsRefused() {
    QFETCH(QString, input);
    QFETCH(int, error);
    ScriptedRandom none;
    HandshakeConfig cc = config(Role::Client, 1, false, true, none);
    HandshakeConfig sc = config(Role::Server, 1, false, true, none);
    cc.random = sc.random = nullptr;
    Handshake client(std::move(cc));
    Handshake server(std::move(sc));
    secured(client, server, nullptr);
    if (QTest::currentTestFailed())
        return;
    for (Handshake *hs : {&client, &server}) {
        const Handshake::Output out = input == S("text")     ? hs->receiveText(clientHello(1))
                                      : input == S("binary") ? hs->receiveBinary("\x01\x02")
                                      : input == S("start")  ? hs->start()
                                                             : hs->timeout();
        QCOMPARE(out.failure ? int(out.failure->error) : -1, error);
        QVERIFY(out.send.empty() && out.records.empty() && !out.secured);
        QCOMPARE(hs->state(), Handshake::State::Secured);
        QVERIFY(hs->takeSession().tx.isValid());
    }
}

// ---- Error table ------------------------------------------------------------------------

void tst_Handshake::sessionErrorTable_data() {
    QTest::addColumn<SessionError>("error");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("code");
    using E = SessionError;
    const auto row = [](E e, const char *name, int code) {
        QTest::newRow(name) << e << QString::fromLatin1(name) << code;
    };
    row(E::None, "None", 1000);
    row(E::MalformedJson, "MalformedJson", 4001);
    row(E::MalformedMessage, "MalformedMessage", 4002);
    row(E::UnexpectedOpcode, "UnexpectedOpcode", 4003);
    row(E::VersionMismatch, "VersionMismatch", 4004);
    row(E::BadKeyLength, "BadKeyLength", 4005);
    row(E::BadNonceLength, "BadNonceLength", 4006);
    row(E::BadByteArray, "BadByteArray", 4007);
    row(E::KeyExchangeFailed, "KeyExchangeFailed", 4008);
    row(E::BoxOpenFailed, "BoxOpenFailed", 4009);
    row(E::PlaintextTooShort, "PlaintextTooShort", 4010);
    row(E::CertificateMalformed, "CertificateMalformed", 4011);
    row(E::CertificateMissing, "CertificateMissing", 4012);
    row(E::CertificateRefused, "CertificateRefused", 4013);
    row(E::EndpointMismatch, "EndpointMismatch", 4014);
    row(E::HandshakeTimeout, "HandshakeTimeout", 4015);
    row(E::BinaryDuringHandshake, "BinaryDuringHandshake", 1003);
    row(E::TextAfterHandshake, "TextAfterHandshake", 1003);
    row(E::DecryptFailed, "DecryptFailed", 4020);
    row(E::MessageTooBig, "MessageTooBig", 1009);
    row(E::LocalConfiguration, "LocalConfiguration", 4030);
    row(E::PeerKeyChanged, "PeerKeyChanged", 4040);
    row(E::PeerKeyNotTrusted, "PeerKeyNotTrusted", 4041);
    row(E::PeerNotReading, "PeerNotReading", 4021);
    row(E::ConnectionFailed, "ConnectionFailed", 1006);
    row(E::PeerClosedDuringHandshake, "PeerClosedDuringHandshake", 1006);
}

void tst_Handshake::sessionErrorTable() {
    QFETCH(SessionError, error);
    QFETCH(QString, name);
    QFETCH(int, code);
    QCOMPARE(int(closeCodeFor(error)), code);
    QCOMPARE(sessionErrorName(error), name);
    const QString t = sessionErrorText(error);
    QVERIFY(!t.isEmpty());
    QVERIFY(t.toUtf8().size() <= 60); // leaves room for a detail in 123 bytes
    const SessionFailure f = makeFailure(error, S("detail"), cert::Rule::KeyBinding);
    QCOMPARE(int(f.error), int(error));
    QCOMPARE(int(f.closeCode), code);
    QVERIFY(f.rule && *f.rule == cert::Rule::KeyBinding);
    QVERIFY(f.reason.contains(t));
    QVERIFY(f.reason.contains(S("detail")));
    QVERIFY(f.reason.contains(cert::ruleName(cert::Rule::KeyBinding)));
    QVERIFY(!makeFailure(error).rule);
}

void tst_Handshake::reasonIsClippedOnCharacters_data() {
    QTest::addColumn<QString>("detail");
    QTest::newRow("ASCII") << QString(300, QLatin1Char('x'));
    QTest::newRow("2-byte characters") << QString(300, QChar(0x00e9));
    QTest::newRow("3-byte characters") << QString(300, QChar(0x4e2d));
    QTest::newRow("4-byte characters (surrogate pairs)")
        << QString::fromUtf8("\xf0\x9f\x94\x91").repeated(100);
    for (int shift = 0; shift < 4; ++shift)
        QTest::addRow("mixed, shifted by %d", shift)
            << QString(shift, QLatin1Char('a')) +
                   QString::fromUtf8("\xc3\xa9\xe4\xb8\xad\xf0\x9f\x94\x91").repeated(40);
}

void tst_Handshake::reasonIsClippedOnCharacters() {
    QFETCH(QString, detail);
    const SessionFailure f = makeFailure(SessionError::BoxOpenFailed, detail);
    const QByteArray utf8 = f.reason.toUtf8();
    QVERIFY(utf8.size() <= 123);
    QVERIFY(utf8.size() >= 120); // clipped at most one character short
    QVERIFY(!f.reason.contains(QChar(QChar::ReplacementCharacter)));
    QVERIFY(!f.reason.back().isHighSurrogate());
    QVERIFY(
        (sessionErrorText(SessionError::BoxOpenFailed) + S(": ") + detail).startsWith(f.reason));
    QCOMPARE(makeFailure(SessionError::BoxOpenFailed, S("short")).reason,
             sessionErrorText(SessionError::BoxOpenFailed) + S(": short"));
}

// ---- (d) Data phase ---------------------------------------------------------------------

void tst_Handshake::dataPhaseRefusesBadFrames_data() {
    QTest::addColumn<QString>("attack");
    for (const char *a : {"tampered", "replayed", "reordered", "truncated", "empty",
                          "reflected back to its sender", "from another session"})
        QTest::newRow(a) << QString::fromLatin1(a);
}

// After a real handshake, a bad frame does not open and leaves the receive counter alone, so
// the genuine frame that follows still opens.
void tst_Handshake::dataPhaseRefusesBadFrames() {
    QFETCH(QString, attack);
    ScriptedRandom none;
    HandshakeConfig cc = config(Role::Client, 1, false, true, none);
    HandshakeConfig sc = config(Role::Server, 1, false, true, none);
    cc.random = sc.random = nullptr;
    Handshake client(std::move(cc));
    Handshake server(std::move(sc));
    secured(client, server, nullptr);
    if (QTest::currentTestFailed())
        return;
    SecuredSession c = client.takeSession();
    SecuredSession s = server.takeSession();

    const QByteArray f0 = c.tx.seal("frame 0");
    const QByteArray f1 = c.tx.seal("frame 1");
    const QByteArray f2 = c.tx.seal("frame 2");
    QVERIFY(s.rx.open(f0));
    const quint64 before = s.rx.counter().value();

    QByteArray bad;
    if (attack == S("tampered"))
        bad = flipBit(f1, f1.size() - 2, 3);
    else if (attack == S("replayed"))
        bad = f0;
    else if (attack == S("reordered"))
        bad = f2;
    else if (attack == S("truncated"))
        bad = f1.chopped(1);
    else if (attack == S("empty"))
        bad = QByteArray();
    else if (attack == S("reflected back to its sender"))
        bad = s.tx.seal("frame 1"); // the server's own frame, same counter position
    else if (attack == S("from another session"))
        bad = SecretBoxChannel(randomSecret(kShareKeyBytes), NonceCounter(before)).seal("frame 1");
    if (attack == S("reflected back to its sender")) {
        QVERIFY(!s.rx.open(bad));
        QCOMPARE(s.rx.counter().value(), before);
        // and the client does not take its own frame back either
        const quint64 cBefore = c.rx.counter().value();
        QVERIFY(!c.rx.open(f1));
        QCOMPARE(c.rx.counter().value(), cBefore);
    } else {
        QVERIFY(!s.rx.open(bad));
        QCOMPARE(s.rx.counter().value(), before);
    }
    auto genuine = s.rx.open(f1);
    QVERIFY(genuine);
    QCOMPARE(*genuine, QByteArray("frame 1"));
    QCOMPARE(s.rx.counter().value(), before + 1);
}

QTEST_GUILESS_MAIN(tst_Handshake)
#include "tst_handshake.moc"
