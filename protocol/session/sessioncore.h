#pragma once
// The whole secure session (handshake, peer approval, data phase, close) as a sans-I/O state
// machine, like Handshake: every input is a method call, and each returns the ordered actions
// the caller performs — frames to write, events to report, timers to arm or stop, and the
// transport to close or abort. No sockets, no timers, no event loop; SecureWebSocket supplies
// them.
//
// Driving it: perform the actions of an output in order. When performing one calls back in
// (a slot of messageReceived() calls send() or close()), queue the nested output behind the
// actions still to perform instead of performing it first: frames are sealed in output order,
// and written out of order they fail to open at the peer. Report the transport's unsent bytes
// (setUnsentBytes) before an input that may write; frames written since are counted here.
#include "handshake/handshake.h"
#include "session/sessionconfig.h"

#include <QHostAddress>
#include <QUrl>

#include <deque>
#include <variant>

namespace sws {

class SessionCore {
public:
    // The same states, in the same order, as SecureWebSocket::State.
    enum class State { Unconnected, Connecting, Handshaking, Verifying, Secured, Closing, Closed };
    enum class Timer {
        Handshake,       // handshakeTimeoutMs: the handshake must finish by then
        FirstFrameGrace, // server: firstFrameGraceMs, our first frames wait for the client's
        Close,           // closeTimeoutMs: a close the peer does not answer is aborted
    };

    // ---- Actions, performed by the caller in the order given ------------------------------
    struct WriteText {
        QByteArray utf8;
    };
    struct WriteBinary {
        QByteArray data;
    };
    // Hand what was written to the kernel now (QWebSocket::flush()).
    struct Flush {};
    struct StartTimer {
        Timer timer;
        int ms;
    };
    struct StopTimer {
        Timer timer;
    };
    // Largest incoming frame and message the transport accepts; outgoing frame size (0: keep),
    // one frame per message.
    struct TransportLimits {
        qint64 maxIncomingBytes;
        qint64 outgoingFrameBytes;
    };
    // Start the WebSocket close handshake with this code and reason.
    struct CloseTransport {
        quint16 code;
        QString reason;
    };
    // Drop the connection at once (no close handshake).
    struct AbortTransport {};

    // ---- Events: what SecureWebSocket emits as signals --------------------------------------
    struct StateChanged {
        State state;
    };
    struct HandshakeMessage {
        HandshakeRecord record;
    };
    struct PeerCertificateChecked {
        cert::Verdict verdict;
    };
    struct PeerApprovalRequired {
        PeerIdentity peer;
    };
    struct Secured {}; // secured() and connected()
    struct Frame {
        FrameEvent frame;
    };
    struct MessageReceived {
        QByteArray message;
    };
    struct Error {
        SessionError error;
        QString errorString;
    };
    struct Closed { // disconnected(): the session is over
        quint16 code;
        QString reason;
    };

    using Action = std::variant<WriteText, WriteBinary, Flush, StartTimer, StopTimer,
                                TransportLimits, CloseTransport, AbortTransport, StateChanged,
                                HandshakeMessage, PeerCertificateChecked, PeerApprovalRequired,
                                Secured, Frame, MessageReceived, Error, Closed>;

    struct Output {
        std::vector<Action> actions;
        // send(): the plaintext size taken (sent or queued), or -1 when refused.
        qint64 accepted = -1;

        // Every action of type T, in order (for tests and the fuzzer).
        template <typename T> std::vector<T> all() const {
            std::vector<T> out;
            for (const Action &a : actions)
                if (const T *t = std::get_if<T>(&a))
                    out.push_back(*t);
            return out;
        }
        template <typename T> bool has() const {
            for (const Action &a : actions)
                if (std::holds_alternative<T>(a))
                    return true;
            return false;
        }
    };

    // How the transport ended (QWebSocket::disconnected()).
    struct TransportClosed {
        // The peer's close code, or none when the connection dropped without a close frame
        // (reported as 1006).
        std::optional<quint16> code;
        QString reason;
        QString errorString; // the transport's own error text (connection refused, …)
    };

    // Randomness and clock of the handshake; when set they replace the config's
    // (HandshakeConfig::random, ::nowMs; default libsodium and the system clock). Tests and
    // fuzzers replay recorded transcripts with them.
    struct Hooks {
        std::function<void(unsigned char *, std::size_t)> random;
        std::function<qint64()> nowMs;
    };

    SessionCore(SessionConfig config, Role role, Hooks hooks = Hooks());
    ~SessionCore();
    SessionCore(SessionCore &&) noexcept;
    SessionCore &operator=(SessionCore &&) noexcept;

    // ---- Inputs ------------------------------------------------------------------------------
    // Client: a connection to url is being made (Unconnected → Connecting).
    Output open(const QUrl &url);
    // The transport is up (client: after open(); server: the accepted socket): the handshake
    // starts. peerAddress binds the peer's certificate and names the client on the server.
    Output connected(const QHostAddress &peerAddress);
    Output textReceived(const QByteArray &utf8);
    Output binaryReceived(const QByteArray &data);
    // The transport refused a frame or message of `bytes` bytes for its size: closes with 1009.
    Output frameTooBig(qint64 bytes);
    Output timerFired(Timer timer);
    Output send(const QByteArray &message);
    Output approvePeer(bool accept, const QString &reason = QString(),
                       SessionError refusal = SessionError::PeerKeyNotTrusted);
    // Local close. While Connecting the attempt is cancelled: aborted and Closed at once, with
    // SessionError::Cancelled and code 1006 but no Error event (not a failure).
    Output close(quint16 code = 1000, const QString &reason = QString());
    // The connection could not be made (QWebSocket::error while connecting): ConnectionFailed,
    // or NotWebSocketServer when the text names the HTTP status of a refused upgrade.
    Output transportError(const QString &errorString);
    Output transportClosed(const TransportClosed &how);
    // Back-pressure: bytes of written frames the kernel has not taken yet. The caller reports
    // the transport's count (setUnsentBytes) or what the kernel took (bytesWritten); frames
    // written since are counted here with their WebSocket headers.
    void setUnsentBytes(qint64 bytes);
    // Share keys in the HandshakeMessage records from now on (SessionConfig::recordShareKeys).
    void setRecordShareKeys(bool record);
    void bytesWritten(qint64 bytes);

    // ---- State -------------------------------------------------------------------------------
    State state() const;
    Role role() const;
    const SessionConfig &config() const;
    SessionError error() const;
    QString errorString() const;
    quint16 closeCode() const;
    QString closeReason() const;
    QUrl url() const;
    // The secured session (channels, peer key, certificate, extensions); null before.
    const SecuredSession *session() const;
    int queuedMessages() const;
    int heldIncomingMessages() const;
    qint64 unsentBytes() const;
    bool timerArmed(Timer timer) const;
    bool holdingOutgoing() const; // server: inside the first-frame grace

    // Bytes of the WebSocket frame that carries `payload` bytes from `role` (RFC 6455 5.2:
    // clients mask their frames).
    static qint64 wireBytes(qint64 payload, Role role);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

QString sessionStateName(SessionCore::State s);

} // namespace sws
