// The handshake state machine (handshake.h) driven by arbitrary message sequences, both roles,
// both versions, with the recorded keys of tests/vectors so that recorded messages replay and
// mutations start deep inside the handshake.
//
// Input: one configuration byte, then messages separated by "\n#\n". Configuration: bit 0 role
// (0 client, 1 server), bit 1 version 2, bit 2 requireCert (server, v2), bit 3 endpoint check
// off, bit 4 this side speaks extensions ("chat-ack/1", "zz/1"; HandshakeConfig::extensions). Each
// message starts with its kind:
//   T<text>   a text frame          B<bytes>  a binary frame (after Secured: a data frame)
//   X         the caller's timer    R         start() again
//   S<bytes>  the harness plays the honest peer: it seals <bytes> as the box plaintext of the
//             message the machine awaits (ServerHello / ClientReady), sends an honest
//             ClientHello (nonce from <bytes>), or after Secured seals <bytes> as a data frame
//   anything else: the whole message as a text frame.
// Oracles: the documented contract of Handshake (a failure carries its own close code and a
// clipped reason without key bytes; Failed and Secured are final; after Failed every call
// repeats the failure), every message we send is well-formed and its box opens for the peer to
// the keys our session then uses, and data frames sealed by the peer open to their plaintext.
#include "fuzzcommon.h"

#include <deque>

using namespace sws;

namespace {

class Run {
public:
    Run(const fuzz::Transcript &t, uint8_t config)
        : m_t(t)
        , m_role(config & 1 ? Role::Server : Role::Client)
        , m_version(config & 2 ? 2 : 1)
        , m_requireCert((config & 4) != 0)
        , m_extensions(config & 16
                           ? QStringList{QStringLiteral("chat-ack/1"), QStringLiteral("zz/1")}
                           : QStringList())
        , m_hs(makeConfig(config)) {
        for (const QByteArray &k : {t.serverSk, t.clientSk, t.ks, t.kc})
            m_secrets.add(k);
    }

    void start() { apply(m_hs.start(), Call::Start); }

    void message(const QByteArray &m) {
        dispatch(m);
        // SWS_FUZZ_TRACE=1 shows how far an input gets (for triage and for checking seeds).
        static const bool trace = qEnvironmentVariableIsSet("SWS_FUZZ_TRACE");
        if (trace)
            std::fprintf(stderr, "%c (%lld bytes) -> state %d%s%s\n", m.isEmpty() ? '-' : m.at(0),
                         static_cast<long long>(m.size()), static_cast<int>(m_hs.state()),
                         m_failure ? ", failed: " : "",
                         m_failure ? qPrintable(m_failure->reason) : "");
    }

private:
    void dispatch(const QByteArray &m) {
        const char kind = m.isEmpty() ? 'T' : m.at(0);
        const QByteArray body = m.mid(1);
        switch (kind) {
        case 'T':
            apply(m_hs.receiveText(body), Call::Text);
            return;
        case 'B':
            binary(body);
            return;
        case 'X':
            apply(m_hs.timeout(), Call::Timeout);
            return;
        case 'R':
            apply(m_hs.start(), Call::Start);
            return;
        case 'S':
            sealed(body);
            return;
        default:
            apply(m_hs.receiveText(m), Call::Text);
            return;
        }
    }

    enum class Call { Start, Text, Binary, Timeout };

    const fuzz::Transcript &m_t;
    Role m_role;
    int m_version;
    bool m_requireCert;
    QStringList m_extensions;
    std::deque<QByteArray> m_recorded; // random values in draw order, as recorded
    std::optional<SessionFailure> m_failure;
    std::optional<SecuredSession> m_session;
    std::optional<SecretBoxChannel> m_peerTx; // the harness peer's sending channel
    QByteArray m_nc;                          // ClientHello nonce
    QByteArray m_ns;                          // ServerHello nonce
    QByteArray m_helloKey;                    // client key of the ClientHello (server role)
    fuzz::SecretForms m_secrets;
    Handshake m_hs; // last: its configuration draws on the members above

    HandshakeConfig makeConfig(uint8_t config) {
        HandshakeConfig c;
        c.role = m_role;
        c.version = m_version;
        c.keyPair = m_role == Role::Client ? m_t.client() : m_t.server();
        if (m_version == 2) {
            c.certificate = m_role == Role::Client ? m_t.clientCert : m_t.serverCert;
            c.trustedCas = {*m_t.ca};
            c.requireCert = m_requireCert;
        }
        c.peer.address = QHostAddress(QHostAddress::LocalHost);
        if (m_role == Role::Client)
            c.peer.host = QStringLiteral("localhost");
        c.checkEndpoint = !(config & 8);
        c.extensions = m_extensions;
        c.nowMs = [] { return fuzz::kFixedNowMs; };
        c.recordShareKeys = true; // checked against the session's keys below
        // The recorded values first (so the recorded transcript replays), then a fixed pattern.
        if (m_role == Role::Client)
            m_recorded = {m_t.nc, m_t.ncNew, m_t.kc};
        else
            m_recorded = {m_t.ns, m_t.ks};
        c.random = fuzz::replayRandom(&m_recorded);
        return c;
    }

    void binary(const QByteArray &body) {
        if (m_hs.state() != Handshake::State::Secured || !m_session) {
            apply(m_hs.receiveBinary(body), Call::Binary);
            return;
        }
        // A data frame for the session the handshake produced.
        const auto before = m_session->rx.counter().value();
        auto plain = m_session->rx.open(body);
        FUZZ_CHECK(m_session->rx.counter().value() == (plain ? before + 1 : before));
        // A frame that opens must be the very frame the peer would send next (the fuzzer can
        // come to replay one, the run being deterministic); the peer has then sent it.
        if (plain && m_peerTx)
            FUZZ_CHECK(m_peerTx->seal(*plain) == body);
        apply(m_hs.receiveBinary(body), Call::Binary); // the machine itself refuses data
    }

    json::Value box(int opc, std::vector<json::Member> fields) const {
        std::vector<json::Member> m{{QStringLiteral("opc"), opc},
                                    {QStringLiteral("version"), m_version}};
        for (auto &f : fields)
            m.push_back(std::move(f));
        return json::Value::object(std::move(m));
    }

    QByteArray seal(const QByteArray &theirPk, const QByteArray &mySk, const QByteArray &plain,
                    const QByteArray &n8) const {
        auto shared = BoxShared::create(theirPk, fuzz::secret(mySk));
        FUZZ_CHECK(shared.has_value());
        return shared->seal(plain, fuzz::u8(fuzz::nonce3(n8)));
    }

    void sealed(const QByteArray &body) {
        switch (m_hs.state()) {
        case Handshake::State::AwaitServerHello: {
            // The honest server with fuzzed box contents.
            if (body.size() >= kShortNonceBytes + kShareKeyBytes)
                m_peerTx.emplace(fuzz::secret(body.mid(8, 32)),
                                 *NonceCounter::fromBytes(body.left(8)));
            const json::Value msg =
                box(1, {{QStringLiteral("server_public_key"), json::bytesToArray(m_t.serverPk)},
                        {QStringLiteral("s_blackbox_a"),
                         json::bytesToArray(seal(m_t.clientPk, m_t.serverSk, body, m_nc))}});
            apply(m_hs.receiveText(json::serialize(msg)), Call::Text);
            return;
        }
        case Handshake::State::AwaitClientHello: {
            const QByteArray nonce = (body + m_t.nc).left(kShortNonceBytes);
            const json::Value msg =
                box(0, {{QStringLiteral("client_public_key"), json::bytesToArray(m_t.clientPk)},
                        {QStringLiteral("nonce"), json::bytesToArray(nonce)}});
            apply(m_hs.receiveText(json::serialize(msg)), Call::Text);
            return;
        }
        case Handshake::State::AwaitClientReady: {
            if (body.size() >= kShortNonceBytes + kShareKeyBytes)
                m_peerTx.emplace(fuzz::secret(body.mid(8, 32)),
                                 *NonceCounter::fromBytes(body.left(8)));
            const json::Value msg =
                box(2, {{QStringLiteral("s_blackbox_a"),
                         json::bytesToArray(seal(m_t.serverPk, m_t.clientSk, body, m_ns))}});
            apply(m_hs.receiveText(json::serialize(msg)), Call::Text);
            return;
        }
        case Handshake::State::Secured:
            if (m_session && m_peerTx) {
                const QByteArray frame = m_peerTx->seal(body);
                auto plain = m_session->rx.open(frame);
                FUZZ_CHECK(plain.has_value() && *plain == body);
                return;
            }
            apply(m_hs.receiveText(body), Call::Text);
            return;
        case Handshake::State::Idle:
        case Handshake::State::Failed:
            apply(m_hs.receiveText(body), Call::Text);
            return;
        }
    }

    // The contract of every call, whatever the input was.
    void apply(Handshake::Output out, Call call) {
        const Handshake::State state = m_hs.state();
        if (m_failure) {
            // After Failed, every call repeats the failure and nothing else happens.
            FUZZ_CHECK(state == Handshake::State::Failed);
            FUZZ_CHECK(out.failure && out.failure->error == m_failure->error);
            FUZZ_CHECK(out.send.empty() && !out.secured);
            return;
        }
        for (const HandshakeRecord &r : out.records) {
            if (r.boxOpened && r.boxShareKey)
                m_secrets.add(r.boxShareKey->copyOut());
            if (r.failure)
                FUZZ_CHECK(out.failure && r.failure->error == out.failure->error);
            // The server learns the client's key and nonce from a ClientHello it accepts.
            if (r.direction == HandshakeRecord::Direction::Received &&
                r.step == HandshakeStep::ClientHello && !r.failure) {
                m_helloKey = fuzz::field(r.decoded, "client_public_key");
                m_nc = fuzz::field(r.decoded, "nonce");
            }
        }
        if (out.failure) {
            const SessionFailure &f = *out.failure;
            FUZZ_CHECK(f.error != SessionError::None);
            FUZZ_CHECK(f.closeCode == closeCodeFor(f.error));
            FUZZ_CHECK(f.reason.toUtf8().size() <= 123);
            m_secrets.checkAbsentFrom(f.reason);
            FUZZ_CHECK(out.send.empty() && !out.secured);
            if (state == Handshake::State::Secured) {
                // Input after the end is refused without a state change.
                FUZZ_CHECK(call != Call::Timeout);
                FUZZ_CHECK(f.error == (call == Call::Text ? SessionError::TextAfterHandshake
                                                          : SessionError::LocalConfiguration));
                return;
            }
            FUZZ_CHECK(state == Handshake::State::Failed);
            if (call == Call::Binary)
                FUZZ_CHECK(f.error == SessionError::BinaryDuringHandshake);
            if (call == Call::Timeout)
                FUZZ_CHECK(f.error == SessionError::HandshakeTimeout);
            m_failure = f;
            return;
        }
        FUZZ_CHECK(call != Call::Binary); // a binary frame is never handshake input
        if (call == Call::Timeout)
            FUZZ_CHECK(state == Handshake::State::Secured); // only a late timer is harmless
        FUZZ_CHECK(state != Handshake::State::Failed);
        for (const QByteArray &sent : out.send)
            checkSent(sent);
        if (out.secured) {
            FUZZ_CHECK(state == Handshake::State::Secured);
            m_session.emplace(m_hs.takeSession());
            checkSession(out);
        }
    }

    // Every message we send is a well-formed handshake message; where the harness holds the
    // peer's key, its box opens to what our side will use.
    void checkSent(const QByteArray &sent) {
        auto msg = json::parse(sent);
        FUZZ_CHECK(msg.has_value() && msg->isObject());
        FUZZ_CHECK(json::serialize(*msg) == sent);
        const double opc = msg->find(QStringLiteral("opc"))->toNumber();
        FUZZ_CHECK(msg->find(QStringLiteral("version"))->toNumber() == m_version);
        if (opc == 0) {
            FUZZ_CHECK(m_role == Role::Client);
            m_nc = fuzz::field(*msg, "nonce");
            FUZZ_CHECK(m_nc.size() == kShortNonceBytes);
            FUZZ_CHECK(fuzz::field(*msg, "client_public_key") == m_t.clientPk);
        } else if (opc == 1) {
            FUZZ_CHECK(m_role == Role::Server);
            FUZZ_CHECK(fuzz::field(*msg, "server_public_key") == m_t.serverPk);
            m_ns.clear();
            if (m_helloKey != m_t.clientPk)
                return; // sealed to a key the harness does not hold
            const QByteArray plain =
                fuzz::openBox(m_t.serverPk, m_t.clientSk, fuzz::field(*msg, "s_blackbox_a"), m_nc);
            FUZZ_CHECK(plain.size() >= kShortNonceBytes + kShareKeyBytes);
            m_ns = plain.left(kShortNonceBytes);
            m_peerTx.reset();
            checkPayload(plain.mid(40), true, m_extensions);
        } else {
            FUZZ_CHECK(opc == 2 && m_role == Role::Client);
        }
    }

    static json::Value names(const QStringList &list) {
        std::vector<json::Value> items;
        for (const QString &n : list)
            items.emplace_back(n);
        return json::Value::array(std::move(items));
    }

    // What follows nonce and share key in a box we sealed: v1 nothing, or "SWSX" and the
    // extension list; v2 the payload object, with "sws_ext" exactly when there are extensions.
    void checkPayload(const QByteArray &payload, bool fromServer,
                      const QStringList &extensions) const {
        if (m_version == 1) {
            const QByteArray tail =
                extensions.isEmpty() ? QByteArray()
                                     : "SWSX" + json::serialize(json::Value::object(
                                                    {{QStringLiteral("ext"), names(extensions)}}));
            FUZZ_CHECK(payload == tail);
            return;
        }
        auto doc = json::parse(payload);
        FUZZ_CHECK(doc.has_value() && doc->isObject());
        const json::Value *ext = doc->find(QStringLiteral("sws_ext"));
        FUZZ_CHECK(extensions.isEmpty() ? !ext : ext && *ext == names(extensions));
        if (fromServer) {
            FUZZ_CHECK(*doc->find(QStringLiteral("cert")) == m_t.serverCert->raw());
            FUZZ_CHECK(doc->find(QStringLiteral("requireCert"))->toBool() == m_requireCert);
        }
    }

    // Negotiated extensions are names this side speaks, in its order, each once.
    void checkExtensions(const QStringList &negotiated) const {
        qsizetype at = -1;
        for (const QString &n : negotiated) {
            const qsizetype i = m_extensions.indexOf(n);
            FUZZ_CHECK(i > at);
            at = i;
        }
    }

    void checkSession(const Handshake::Output &out) {
        const SecuredSession &s = *m_session;
        FUZZ_CHECK(s.version == m_version);
        FUZZ_CHECK(s.tx.isValid() && s.rx.isValid());
        if (m_role == Role::Client) {
            // The received ServerHello's box holds the channel we now receive on.
            const HandshakeRecord &hello = out.records.front();
            FUZZ_CHECK(hello.direction == HandshakeRecord::Direction::Received &&
                       hello.step == HandshakeStep::ServerHello && hello.boxOpened);
            FUZZ_CHECK(hello.boxShareKey && s.rx.key().copyOut() == hello.boxShareKey->copyOut());
            FUZZ_CHECK(s.rx.counter().bytes() == hello.boxNonce);
            FUZZ_CHECK(s.peerPublicKey == m_t.serverPk); // nobody else can seal to us
            // The ClientReady we sent opens for the server to the channel we send on.
            const json::Value ready = *json::parse(out.send.back());
            const QByteArray plain = fuzz::openBox(
                m_t.clientPk, m_t.serverSk, fuzz::field(ready, "s_blackbox_a"), hello.boxNonce);
            FUZZ_CHECK(plain.size() >= kShortNonceBytes + kShareKeyBytes);
            FUZZ_CHECK(s.tx.counter().bytes() == plain.left(8));
            FUZZ_CHECK(s.tx.key().copyOut() == plain.mid(8, 32));
            // We answer with exactly the names both sides speak.
            checkExtensions(s.peerExtensions);
            checkPayload(plain.mid(40), false, s.peerExtensions);
            if (m_version == 2) {
                FUZZ_CHECK(s.peerCertificate && s.peerVerdict && s.peerVerdict->valid);
                FUZZ_CHECK(s.peerCertificate->publicKey() == m_t.serverPk);
            }
        } else {
            const HandshakeRecord &ready = out.records.front();
            FUZZ_CHECK(ready.step == HandshakeStep::ClientReady && ready.boxOpened);
            FUZZ_CHECK(ready.boxShareKey && s.rx.key().copyOut() == ready.boxShareKey->copyOut());
            FUZZ_CHECK(s.rx.counter().bytes() == ready.boxNonce);
            FUZZ_CHECK(s.peerPublicKey == m_helloKey);
            checkExtensions(s.peerExtensions);
            if (m_version == 2 && m_requireCert) {
                FUZZ_CHECK(s.peerCertificate && s.peerVerdict && s.peerVerdict->valid);
                FUZZ_CHECK(s.peerCertificate->publicKey() == s.peerPublicKey);
            }
        }
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    return fuzz::runInput<Run>(data, size, 16, &Run::message);
}
