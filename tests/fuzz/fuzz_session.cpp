// The whole session (sessioncore.h: handshake, peer approval, data phase, close) driven by
// arbitrary sequences of peer frames and local calls, both roles, both versions, with the
// recorded keys and random values of tests/vectors so that recorded handshakes replay and
// mutations reach the data phase.
//
// Input: one configuration byte, then operations separated by "\n#\n". Configuration: bit 0
// role (0 client, 1 server), bit 1 version 2, bit 2 requireCert (server, v2), bit 3 the pin
// check asks (approvePeer answers), bit 4 it rejects, bit 5 small limits (256-byte messages,
// 1 KiB queue, 2 KiB unsent backlog), bit 6 no first-frame grace, bit 7 the client's
// connection comes up only at an N operation. Operations, by first byte:
//   T<text>   a text frame from the peer       B<bytes>  a binary frame from the peer
//   S<bytes>  the peer seals <bytes> as its next data frame (once the keys are known)
//   P<i>      the i-th frame the peer sealed, again (replay)
//   M<bytes>  send(<bytes>), repeated <first byte> % 8 + 1 times over when it is "M*"
//   X<t>      timer t % 3 fires (handshake, first-frame grace, close)
//   A<b>      approvePeer(b odd)              C<b>      close(1000 + b)
//   W<b>      the kernel takes b * 64 bytes   U<b>      setUnsentBytes(b * 64)
//   Z<b>      transport closed (no byte: no close frame; else code 1000 + b)
//   E         transport error                 F<b>      frameTooBig(b * 1024)
//   N         the transport is up (connected())
//   anything else: the whole operation as a text frame.
// Oracles: the state only moves forward and never leaves Closed; events agree with state();
// one error at most, its close frame carrying closeCodeFor(error) and a clipped reason without
// key bytes; timers armed as the actions say; every frame written opens with the keys our
// handshake box announced, to the messages send() accepted, in order; every message received
// is a frame the peer sealed, in order; nothing is written once Closing.
#include "fuzzcommon.h"
#include "session/sessioncore.h"

#include <deque>

using namespace sws;
using Core = SessionCore;

namespace {

struct Verifier : PeerVerifier {
    Decision decision;
    explicit Verifier(Decision d)
        : decision(d) {}
    Result verify(const PeerIdentity &peer) override {
        FUZZ_CHECK(!peer.publicKey.isEmpty());
        return {decision, SessionError::None, QStringLiteral("refused by the pin")};
    }
};

int rank(Core::State s) {
    // Verifying and Secured may follow each other only forward (Handshaking → Verifying →
    // Secured); the order of the enum is the order of a session.
    return static_cast<int>(s);
}

class Run {
public:
    Run(const fuzz::Transcript &t, uint8_t config)
        : m_role(config & 1 ? Role::Server : Role::Client)
        , m_connectLater((config & 128) != 0) {
        SessionConfig c;
        c.version = config & 2 ? 2 : 1;
        c.keyPair = m_role == Role::Client ? t.client() : t.server();
        c.recordShareKeys = true; // the harness opens and seals frames with the share keys
        if (c.version == 2) {
            c.certificate = m_role == Role::Client ? t.clientCert : t.serverCert;
            c.trustedCas = {*t.ca};
            c.requireCert = (config & 4) != 0;
        }
        if (config & 8)
            c.verifier = std::make_shared<Verifier>(PeerVerifier::Decision::Ask);
        else if (config & 16)
            c.verifier = std::make_shared<Verifier>(PeerVerifier::Decision::Reject);
        if (config & 32) {
            c.maxMessageBytes = 256;
            c.maxQueuedBytes = 1024;
            c.maxUnsentBytes = 2048;
        }
        if (config & 64)
            c.firstFrameGraceMs = 0;
        m_limits = {c.maxMessageBytes, c.maxQueuedBytes};
        m_recorded = m_role == Role::Client ? std::deque<QByteArray>{t.nc, t.ncNew, t.kc}
                                            : std::deque<QByteArray>{t.ns, t.ks};
        Core::Hooks hooks;
        hooks.random = fuzz::replayRandom(&m_recorded);
        hooks.nowMs = [] { return fuzz::kFixedNowMs; };
        m_core.emplace(std::move(c), m_role, std::move(hooks));
        for (const QByteArray &k : {t.serverSk, t.clientSk, t.ks, t.kc})
            m_secrets.add(k);
    }

    void start() {
        if (m_role == Role::Client)
            apply(m_core->open(QUrl(QStringLiteral("ws://localhost:8080/"))));
        if (m_role == Role::Server || !m_connectLater)
            apply(m_core->connected(QHostAddress(QHostAddress::LocalHost)));
    }

    void operation(const QByteArray &m) {
        const char kind = m.isEmpty() ? 'T' : m.at(0);
        const QByteArray body = m.mid(1);
        const int b = body.isEmpty() ? 0 : static_cast<unsigned char>(body.at(0));
        switch (kind) {
        case 'T':
            apply(m_core->textReceived(body));
            break;
        case 'B':
            apply(m_core->binaryReceived(body));
            break;
        case 'N':
            apply(m_core->connected(QHostAddress(QHostAddress::LocalHost)));
            break;
        case 'S':
            if (m_peerTx) {
                m_peerSealed.push_back(m_peerTx->seal(body));
                apply(m_core->binaryReceived(m_peerSealed.back()));
            } else {
                apply(m_core->binaryReceived(body));
            }
            break;
        case 'P':
            if (!m_peerSealed.empty())
                apply(m_core->binaryReceived(m_peerSealed[std::size_t(b) % m_peerSealed.size()]));
            break;
        case 'M':
            send(body);
            break;
        case 'X':
            m_armed[b % 3] = false; // a timer that fires is no longer armed
            apply(m_core->timerFired(Core::Timer(b % 3)));
            break;
        case 'A':
            apply(m_core->approvePeer((b & 1) != 0, QStringLiteral("no")));
            break;
        case 'C':
            apply(m_core->close(quint16(1000 + b), QStringLiteral("bye")));
            break;
        case 'W':
            m_core->bytesWritten(qint64(b) * 64);
            break;
        case 'U':
            m_core->setUnsentBytes(qint64(b) * 64);
            break;
        case 'Z':
            apply(m_core->transportClosed(
                body.isEmpty()
                    ? Core::TransportClosed{}
                    : Core::TransportClosed{quint16(1000 + b), QStringLiteral("peer"), {}}));
            break;
        case 'E':
            apply(m_core->transportError(QStringLiteral("refused")));
            break;
        case 'F':
            apply(m_core->frameTooBig(qint64(b) * 1024));
            break;
        default:
            apply(m_core->textReceived(m));
            break;
        }
        static const bool trace = qEnvironmentVariableIsSet("SWS_FUZZ_TRACE");
        if (trace)
            std::fprintf(stderr, "%c (%lld bytes) -> %s%s%s\n", kind,
                         static_cast<long long>(m.size()),
                         qPrintable(sessionStateName(m_core->state())),
                         m_core->error() != SessionError::None ? ", failed: " : "",
                         qPrintable(m_core->errorString()));
    }

    void finish() {
        // However it ended, the transport closing ends the session and disarms every timer.
        apply(m_core->transportClosed({}));
        FUZZ_CHECK(m_core->state() == Core::State::Closed);
        for (int t = 0; t < 3; ++t)
            FUZZ_CHECK(!m_core->timerArmed(Core::Timer(t)));
        FUZZ_CHECK(m_core->transportClosed({}).actions.empty());
        FUZZ_CHECK(m_core->send("x").accepted == -1);
    }

private:
    Role m_role;
    bool m_connectLater;
    std::pair<qint64, qint64> m_limits;
    std::deque<QByteArray> m_recorded;
    std::optional<Core> m_core;
    Core::State m_state = Core::State::Unconnected;
    bool m_armed[3] = {false, false, false};
    int m_errors = 0;
    int m_closeFrames = 0;
    bool m_closedEvent = false;
    // Our box (we send with it) and the peer's (we receive with it), from the records.
    std::optional<SecretBoxChannel> m_shadowRx; // opens what we write
    std::optional<SecretBoxChannel> m_peerTx;   // seals what the peer sends
    std::optional<SecretBoxChannel> m_shadowTx; // re-seals what we received, to compare
    QByteArray m_txKey, m_txNonce, m_rxKey, m_rxNonce;
    std::vector<QByteArray> m_peerSealed;
    std::deque<QByteArray> m_accepted; // taken by send(), not yet written
    fuzz::SecretForms m_secrets;

    void checkNoSecrets(const QString &text) const {
        FUZZ_CHECK(text.toUtf8().size() <= 123);
        m_secrets.checkAbsentFrom(text);
    }

    void send(const QByteArray &body) {
        int times = 1;
        QByteArray message = body;
        if (body.startsWith('*') && body.size() >= 2) {
            times = static_cast<unsigned char>(body.at(1)) % 8 + 1;
            message = body.mid(2).repeated(static_cast<unsigned char>(body.at(1)) + 1);
        }
        for (int i = 0; i < times; ++i) {
            const Core::State before = m_core->state();
            const int queued = m_core->queuedMessages();
            Core::Output out = m_core->send(message);
            const qint64 accepted = out.accepted;
            FUZZ_CHECK(accepted == -1 || accepted == message.size());
            if (message.size() > m_limits.first || before == Core::State::Closing ||
                before == Core::State::Closed)
                FUZZ_CHECK(accepted == -1 && out.actions.empty());
            if (accepted >= 0)
                m_accepted.push_back(message);
            if (m_core->queuedMessages() > queued)
                FUZZ_CHECK(accepted >= 0 && out.actions.empty());
            apply(std::move(out));
            // The queue holds at most maxQueuedBytes (counted by the harness).
            qint64 queuedBytes = 0;
            for (std::size_t q = m_accepted.size() - std::size_t(m_core->queuedMessages());
                 q < m_accepted.size(); ++q)
                queuedBytes += m_accepted[q].size();
            FUZZ_CHECK(queuedBytes <= m_limits.second);
        }
    }

    void keysFromRecord(const HandshakeRecord &r) {
        if (!r.boxShareKey || r.boxShareKey->size() != kShareKeyBytes)
            return;
        const QByteArray key = r.boxShareKey->copyOut();
        m_secrets.add(key);
        if (r.direction == HandshakeRecord::Direction::Sent) {
            m_txKey = key;
            m_txNonce = r.boxNonce;
        } else {
            m_rxKey = key;
            m_rxNonce = r.boxNonce;
        }
    }

    void onSessionKnown() {
        const SecuredSession *s = m_core->session();
        FUZZ_CHECK(s && s->tx.isValid() && s->rx.isValid());
        FUZZ_CHECK(m_txKey.size() == kShareKeyBytes && m_rxKey.size() == kShareKeyBytes);
        FUZZ_CHECK(s->tx.key().copyOut() == m_txKey && s->rx.key().copyOut() == m_rxKey);
        FUZZ_CHECK(s->rx.counter().bytes() == m_rxNonce);
        m_shadowRx.emplace(fuzz::secret(m_txKey), *NonceCounter::fromBytes(m_txNonce));
        m_peerTx.emplace(fuzz::secret(m_rxKey), *NonceCounter::fromBytes(m_rxNonce));
        m_shadowTx.emplace(fuzz::secret(m_rxKey), *NonceCounter::fromBytes(m_rxNonce));
    }

    // The contract of every output, whatever the input was.
    void apply(Core::Output out) {
        const Core::State before = m_state;
        for (Core::Action &a : out.actions) {
            if (auto *s = std::get_if<Core::StateChanged>(&a)) {
                FUZZ_CHECK(rank(s->state) > rank(m_state));
                m_state = s->state;
                // Secured (or awaiting approval): frames written in this same output must
                // already open with the keys of the handshake boxes.
                if ((m_state == Core::State::Verifying || m_state == Core::State::Secured) &&
                    !m_peerTx)
                    onSessionKnown();
            } else if (auto *h = std::get_if<Core::HandshakeMessage>(&a)) {
                FUZZ_CHECK(m_state == Core::State::Handshaking);
                keysFromRecord(h->record);
                if (h->record.failure)
                    checkNoSecrets(h->record.failure->reason);
            } else if (std::get_if<Core::WriteText>(&a)) {
                FUZZ_CHECK(m_state == Core::State::Handshaking);
            } else if (auto *w = std::get_if<Core::WriteBinary>(&a)) {
                // Written only while secured, to the messages send() took, in order.
                FUZZ_CHECK(m_state == Core::State::Secured && m_shadowRx);
                FUZZ_CHECK(!m_accepted.empty());
                auto plain = m_shadowRx->open(w->data);
                FUZZ_CHECK(plain.has_value() && *plain == m_accepted.front());
                m_accepted.pop_front();
            } else if (auto *f = std::get_if<Core::Frame>(&a)) {
                if (f->frame.direction == FrameEvent::Direction::Received && f->frame.opened) {
                    // Only the peer's keys seal what opens, in the peer's order.
                    FUZZ_CHECK(m_shadowTx &&
                               m_shadowTx->seal(f->frame.plaintext) == f->frame.ciphertext);
                    // The peer has sent it (recorded frames are the peer's too): its next
                    // sealed frame follows this one.
                    if (m_peerTx->counter().value() <= f->frame.counter)
                        m_peerTx.emplace(fuzz::secret(m_rxKey), NonceCounter(f->frame.counter + 1));
                }
                FUZZ_CHECK(f->frame.opened || f->frame.plaintext.isEmpty());
            } else if (std::get_if<Core::MessageReceived>(&a)) {
                FUZZ_CHECK(m_state == Core::State::Secured);
            } else if (auto *st = std::get_if<Core::StartTimer>(&a)) {
                FUZZ_CHECK(st->ms >= 0);
                m_armed[int(st->timer)] = true;
            } else if (auto *sp = std::get_if<Core::StopTimer>(&a)) {
                FUZZ_CHECK(m_armed[int(sp->timer)]);
                m_armed[int(sp->timer)] = false;
            } else if (auto *e = std::get_if<Core::Error>(&a)) {
                FUZZ_CHECK(++m_errors == 1);
                FUZZ_CHECK(e->error != SessionError::None);
                checkNoSecrets(e->errorString);
            } else if (auto *c = std::get_if<Core::CloseTransport>(&a)) {
                FUZZ_CHECK(++m_closeFrames == 1 && m_state == Core::State::Closing);
                checkNoSecrets(c->reason);
                if (m_core->error() != SessionError::None)
                    FUZZ_CHECK(c->code == closeCodeFor(m_core->error()));
            } else if (std::get_if<Core::AbortTransport>(&a)) {
                FUZZ_CHECK(m_state == Core::State::Closing || m_state == Core::State::Connecting);
            } else if (auto *cl = std::get_if<Core::Closed>(&a)) {
                FUZZ_CHECK(!m_closedEvent && m_state == Core::State::Closed);
                FUZZ_CHECK(cl->code == m_core->closeCode());
                m_closedEvent = true;
            } else if (std::get_if<Core::PeerApprovalRequired>(&a)) {
                FUZZ_CHECK(m_state == Core::State::Verifying);
            }
        }
        FUZZ_CHECK(m_state == m_core->state());
        if (before == Core::State::Closed)
            FUZZ_CHECK(out.actions.empty());
        for (int t = 0; t < 3; ++t)
            FUZZ_CHECK(m_armed[t] == m_core->timerArmed(Core::Timer(t)));
        if (m_core->session() && !m_peerTx)
            onSessionKnown();
        if (m_core->heldIncomingMessages() > 0)
            FUZZ_CHECK(m_state == Core::State::Verifying || m_state == Core::State::Closing ||
                       m_state == Core::State::Closed);
        // The time-out timer of a failed or finished handshake no longer runs.
        if (m_core->error() != SessionError::None)
            FUZZ_CHECK(!m_armed[int(Core::Timer::Handshake)] &&
                       !m_armed[int(Core::Timer::FirstFrameGrace)]);
        if (m_core->state() == Core::State::Secured)
            FUZZ_CHECK(!m_armed[int(Core::Timer::Handshake)]);
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    return fuzz::runInput<Run>(data, size, 64, &Run::operation, &Run::finish);
}
