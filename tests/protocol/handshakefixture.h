#pragma once
// The fixture shared by tst_handshake and tst_handshakehostile: fixed keys, nonces, CAs and
// certificates, the canonical handshake messages built from them, and the reference's recorded
// transcripts.
#include "handshake/handshake.h"

#include <QFile>
#include <QHostAddress>
#include <QTest>

#include <sodium.h>

#include <cstring>
#include <deque>
#include <memory>

Q_DECLARE_METATYPE(sws::SessionError)

namespace handshaketest {

using namespace sws;

inline QString S(const char *s) {
    return QString::fromLatin1(s);
}
inline const unsigned char *u8(const QByteArray &b) {
    return reinterpret_cast<const unsigned char *>(b.constData());
}
inline SecretBuffer secret(const QByteArray &b) {
    return SecretBuffer(u8(b), static_cast<std::size_t>(b.size()));
}
inline QByteArray text(const json::Value &v) {
    return json::serialize(v);
}
inline json::Value obj(std::vector<json::Member> m) {
    return json::Value::object(std::move(m));
}
inline json::Value arr(const QByteArray &b) {
    return json::bytesToArray(b);
}
// The byte array b with element `index` replaced by e.
inline json::Value arrWith(const QByteArray &b, int index, json::Value e) {
    std::vector<json::Value> items = arr(b).items();
    items[static_cast<std::size_t>(index)] = std::move(e);
    return json::Value::array(std::move(items));
}
inline QByteArray bytesOf(const json::Value *v) {
    if (!v)
        return {};
    auto b = json::arrayToBytes(*v);
    return b ? *b : QByteArray();
}
inline json::Value parsed(const QByteArray &utf8) {
    auto v = json::parse(utf8);
    return v ? *v : json::Value();
}
inline QByteArray flipBit(QByteArray b, qsizetype byte, int bit) {
    b[byte] = static_cast<char>(b[byte] ^ (1 << bit));
    return b;
}
inline QByteArray nonce3(const QByteArray &n8) {
    return n8 + n8 + n8;
}
inline QByteArray boxSeal(const QByteArray &theirPk, const SecretBuffer &mySk,
                          const QByteArray &plain, const QByteArray &n8) {
    auto shared = BoxShared::create(theirPk, mySk);
    return shared ? shared->seal(plain, u8(nonce3(n8))) : QByteArray();
}
inline QByteArray boxOpen(const QByteArray &theirPk, const SecretBuffer &mySk,
                          const QByteArray &cipher, const QByteArray &n8) {
    auto shared = BoxShared::create(theirPk, mySk);
    if (!shared)
        return {};
    auto plain = shared->open(cipher, u8(nonce3(n8)));
    return plain ? *plain : QByteArray();
}
inline BoxKeyPair keyPair(const QByteArray &pk, const QByteArray &sk) {
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

inline QByteArray reasonOf(const Handshake::Output &o) {
    return o.failure ? o.failure->reason.toUtf8() : QByteArray();
}

enum class At { ClientAwaitsServerHello, ServerAwaitsClientHello, ServerAwaitsClientReady };
enum class Input { Text, Binary, Timeout };

class HandshakeFixture : public QObject {
protected:
    // Keys, nonces, CAs and certificates every test uses (initTestCase of each test).
    void setUp();
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

inline cert::Certificate HandshakeFixture::signed_(const cert::CaKey &ca, const QByteArray &pk,
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

inline void HandshakeFixture::setUp() {
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

inline ScriptedRandom HandshakeFixture::script(Role role) const {
    ScriptedRandom rnd;
    for (const QByteArray &b : role == Role::Client ? QList<QByteArray>{m_nc, m_ncNew, m_kc}
                                                    : QList<QByteArray>{m_ns, m_ks})
        rnd.push(b);
    return rnd;
}

inline HandshakeConfig HandshakeFixture::config(Role role, int version, bool requireCert,
                                                bool ownCert, const ScriptedRandom &rnd) const {
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

inline QByteArray HandshakeFixture::clientHello(int version) const {
    return text(obj({{S("opc"), 0},
                     {S("version"), version},
                     {S("client_public_key"), arr(m_client.publicKey)},
                     {S("nonce"), arr(m_nc)}}));
}

inline QByteArray HandshakeFixture::serverHello(int version, const json::Value &box) const {
    return text(obj({{S("opc"), 1},
                     {S("version"), version},
                     {S("server_public_key"), arr(m_server.publicKey)},
                     {S("s_blackbox_a"), box}}));
}

inline QByteArray HandshakeFixture::clientReady(int version, const json::Value &box) const {
    return text(obj({{S("opc"), 2}, {S("version"), version}, {S("s_blackbox_a"), box}}));
}

// Runs client and server against each other until both are secured.
inline void HandshakeFixture::secured(Handshake &client, Handshake &server,
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
inline void HandshakeFixture::verifyNoSecrets(const QString &reason) const {
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

inline void HandshakeFixture::transcripts() {
    QTest::addColumn<QString>("file");
    QTest::newRow("version 1") << S("handshake-v1.json");
    QTest::newRow("version 2 (certificates, requireCert)") << S("handshake-v2.json");
}

inline void HandshakeFixture::loadTranscript(const QString &file, Transcript &t) {
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

} // namespace handshaketest
