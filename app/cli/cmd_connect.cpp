// sws connect: a SecureWebSocket client between stdin/stdout and a server.
#include "chat/chatchannel.h"
#include "cli.h"
#include "connecttrust.h"
#include "invitearg.h"
#include "quitsignals.h"
#include "session/securewebsocket.h"
#include "sessionlog.h"
#include "wsurl.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QStringDecoder>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace sws::cli {

namespace {

// One received message as one output line that cannot be mistaken for another message:
// printable UTF-8 text as it is (a leading '[' or '\' escaped with a '\'), anything else
// (binary, invalid UTF-8, control characters such as ESC or a line break) marked as
// "[binary N bytes] HEX". With hex, every message as bare hex.
QString messageLine(const QByteArray &m, bool hex) {
    if (hex)
        return QString::fromLatin1(m.toHex());
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(m);
    bool printable = !decoder.hasError();
    for (qsizetype i = 0; printable && i < text.size(); ++i) {
        const QChar c = text.at(i);
        // C0, DEL and C1 (Cc: a terminal acts on them), line and paragraph separators.
        printable =
            c == QLatin1Char('\t') || (c.category() != QChar::Other_Control &&
                                       c != QChar::LineSeparator && c != QChar::ParagraphSeparator);
    }
    if (!printable) {
        return QStringLiteral("[binary %1 bytes] %2")
            .arg(m.size())
            .arg(QString::fromLatin1(m.toHex()));
    }
    if (text.startsWith(QLatin1Char('[')) || text.startsWith(QLatin1Char('\\')))
        return QLatin1Char('\\') + text;
    return text;
}

// The chat channel's limits: what the session takes (a DATA envelope still fits in one
// message), and room for what stdin pacing lets through before the backlog check stops it.
ChatConfig chatConfig(const SessionConfig &s) {
    ChatConfig c;
    c.limits.maxPayloadBytes = std::max<qint64>(0, s.maxMessageBytes - chat::kEnvelopeHeaderBytes);
    c.limits.maxOutboxBytes = s.maxUnsentBytes;
    c.limits.maxOutboxMessages = 1000000;
    return c;
}

// The session's messages go through a ChatChannel: with a server that negotiated
// chat::kExtension each message is acknowledged (and with --verbose reported delivered); with
// a plain server (node-sws) the bytes go as they are, exactly as without the channel.
class Client : public QObject {
public:
    Client(SessionConfig cfg, bool hexIn, bool hexOut, int expect, int timeoutMs, bool verbose)
        : m_channel(chatConfig(cfg))
        , m_session(std::move(cfg))
        , m_hexIn(hexIn)
        , m_hexOut(hexOut)
        , m_verbose(verbose)
        , m_expect(expect) {
        m_timer.setSingleShot(true);
        m_timer.setInterval(timeoutMs);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            if (m_expect > m_received)
                err(QStringLiteral("sws connect: timed out waiting for %1 more message(s)")
                        .arg(m_expect - m_received));
            else
                err(QStringLiteral("sws connect: timed out waiting for the server to "
                                   "acknowledge %1 message(s)")
                        .arg(m_channel.conversation().outboxMessages()));
            finish(kExitFailure);
        });
        connect(&m_channel, &ChatChannel::messageReceived, this,
                [this](quint64, const QByteArray &m) {
                    if (!outBytes(messageLine(m, m_hexOut).toUtf8() + '\n')) {
                        finish(kExitFailure); // main() says why
                        return;
                    }
                    ++m_received;
                    maybeClose();
                });
        connect(&m_channel, &ChatChannel::messageStateChanged, this,
                [this](quint64 id, chat::MessageState state) { onMessageState(id, state); });
        connect(&m_session, &SecureWebSocket::secured, this, [this] {
            m_channel.attach(&m_session);
            pace();
            maybeClose();
        });
        connect(&m_session, &SecureWebSocket::bytesWritten, this, [this] { pace(); });
        connect(&m_session, &SecureWebSocket::disconnected, this, [this] {
            if (m_session.error() != SessionError::None) {
                err(QStringLiteral("sws connect: %1 (%2, close code %3)")
                        .arg(cert::displayText(m_session.errorString(), 200),
                             sessionErrorName(m_session.error()))
                        .arg(m_session.closeCode()));
                finish(kExitFailure);
            } else if (!m_closing) {
                // Short of --expect, the output is incomplete: a failure even after end of input.
                const bool complete = m_eof && m_received >= m_expect;
                const QString shortOf = m_received < m_expect
                                            ? QStringLiteral(" after %1 of %2 expected messages")
                                                  .arg(m_received)
                                                  .arg(m_expect)
                                            : QString();
                if (m_session.closeCode() == kCloseAbnormal)
                    err(QStringLiteral("sws connect: the connection was lost without a close "
                                       "frame (code %1)%2")
                            .arg(kCloseAbnormal)
                            .arg(shortOf));
                else
                    err(QStringLiteral("sws connect: the server closed the session (code %1%2)%3")
                            .arg(m_session.closeCode())
                            .arg(m_session.closeReason().isEmpty()
                                     ? QString()
                                     : QStringLiteral(", ") +
                                           cert::displayText(m_session.closeReason(), 123))
                            .arg(shortOf));
                finish(complete ? kExitOk : kExitFailure);
            } else {
                finish(kExitOk);
            }
        });
    }

    SecureWebSocket &session() { return m_session; }

    // --verbose: whether the server acknowledges (after the session log's "secured" line).
    void logAcknowledgements() {
        connect(&m_session, &SecureWebSocket::secured, this, [this] {
            err(m_session.peerExtensions().contains(chat::kExtension)
                    ? QStringLiteral("sws connect: the server acknowledges messages (%1)")
                          .arg(chat::kExtension)
                    : QStringLiteral("sws connect: plain server: messages are not "
                                     "acknowledged"));
        });
    }
    ~Client() override { m_channel.disconnect(this); }

    void start(const QUrl &url) {
        m_session.open(url);
        m_stdin = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
        connect(m_stdin, &QSocketNotifier::activated, this, [this] { readStdin(); });
        pace();
    }

private:
    // Stdin is read only while the session is secure and the server keeps up: input waits in
    // the pipe instead of filling the queue before the handshake or the socket's backlog. With
    // acknowledgements the server keeps up once it acknowledges; messages not yet written
    // count as backlog too.
    void pace() {
        if (!m_stdin || m_eof)
            return;
        const chat::Conversation &c = m_channel.conversation();
        m_stdin->setEnabled(m_session.state() == SecureWebSocket::State::Secured &&
                            m_session.bytesToWrite() + c.outboxBytes() < kMaxBacklog &&
                            c.outboxMessages() < kMaxOutboxMessages);
    }
    static constexpr int kMaxOutboxMessages = 100000;

    void onMessageState(quint64 id, chat::MessageState state) {
        switch (state) {
        case chat::MessageState::Queued:
            return;
        case chat::MessageState::Sent:
            break;
        case chat::MessageState::Delivered:
            if (m_verbose)
                err(QStringLiteral("sws connect: message %1 delivered").arg(id));
            break;
        case chat::MessageState::Failed:
            err(QStringLiteral("sws connect: message %1 could not be sent (too big, or too much "
                               "queued)")
                    .arg(id));
            break;
        }
        pace();
        maybeClose();
    }
    static constexpr qint64 kMaxBacklog = 1024 * 1024;

    void readStdin() {
        char buf[65536];
        const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
        if (n > 0) {
            m_pending.append(buf, static_cast<qsizetype>(n));
            qsizetype nl;
            while ((nl = m_pending.indexOf('\n')) >= 0) {
                sendLine(m_pending.left(nl));
                m_pending.remove(0, nl + 1);
            }
            pace();
            return;
        }
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            return;
        // End of input (or an unreadable stdin): send what is left, then close.
        m_stdin->setEnabled(false);
        if (!m_pending.isEmpty())
            sendLine(m_pending);
        m_pending.clear();
        m_eof = true;
        m_timer.start(); // for --expect, and for the acknowledgements
        maybeClose();
    }

    void sendLine(QByteArray line) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (m_hexIn) {
            const QByteArray bytes = QByteArray::fromHex(line);
            if (bytes.toHex() != line.toLower()) {
                err(QStringLiteral("sws connect: skipped a line that is not hex"));
                return;
            }
            line = bytes;
        }
        // Refused ones are reported Failed (onMessageState).
        m_channel.sendMessage(line);
    }

    // After end of input: once the --expect messages are in and every message was written
    // (and, with an acknowledging server, acknowledged).
    void maybeClose() {
        if (m_eof && !m_closing && m_received >= m_expect &&
            m_channel.conversation().outboxMessages() == 0 &&
            m_session.state() == SecureWebSocket::State::Secured) {
            m_closing = true;
            m_timer.stop();
            m_channel.detach(); // writes a due acknowledgement first
            m_session.close();
        }
    }

    void finish(int code) {
        if (m_done)
            return;
        m_done = true;
        QCoreApplication::exit(code);
    }

    ChatChannel m_channel; // before the session: it outlives it
    SecureWebSocket m_session;
    QSocketNotifier *m_stdin = nullptr;
    QByteArray m_pending;
    QTimer m_timer;
    bool m_hexIn, m_hexOut, m_verbose;
    int m_expect;
    int m_received = 0;
    bool m_eof = false, m_closing = false, m_done = false;
};

} // namespace

int cmdConnect(const QStringList &args) {
    const QString command = QStringLiteral("connect");
    CommandSpec spec{
        command,
        QStringLiteral("URL|LINK [--key box-kp.json | --identity NAME] [--ca CA-CERT.json | --v2] "
                       "[--cert CERT.json] [--pin-policy POLICY] [--profile DIR] [--expect N] "
                       "[--hex] [--hex-input] [--verbose]"),
        QStringLiteral("Connects to a SecureWebSocket server. Each stdin line is sent as one "
                       "message;\neach message received is printed as one line. Version 2 when "
                       "--ca or --v2 is given."),
        {{QStringLiteral("key"), QStringLiteral("FILE"),
          QStringLiteral("box-kp.json key pair (default: a new key pair)")},
         {QStringLiteral("ca"), QStringLiteral("FILE"),
          QStringLiteral("CA certificate the server's certificate must chain to: version 2")},
         {QStringLiteral("cert"), QStringLiteral("FILE"),
          QStringLiteral("this client's certificate, for servers that require one")},
         {QStringLiteral("expect"), QStringLiteral("N"),
          QStringLiteral("after end of input, wait for N messages (exit 1 if fewer come)")},
         {QStringLiteral("timeout"), QStringLiteral("MS"),
          QStringLiteral("give up waiting for --expect messages, or for acknowledgements, "
                         "after MS (default 10000)")},
         {QStringLiteral("handshake-timeout"), QStringLiteral("MS"),
          QStringLiteral("fail if the handshake takes longer (default 5000)")},
         {QStringLiteral("hex"), {}, QStringLiteral("print every received message as bare hex")},
         {QStringLiteral("hex-input"), {}, QStringLiteral("stdin lines are hex (binary messages)")},
         {QStringLiteral("verbose"),
          {},
          QStringLiteral("log the handshake, and each message the server acknowledged, on "
                         "stderr")}},
        {QStringLiteral("URL")},
        QStringLiteral("A received message is printed as it is when it is printable UTF-8 text on "
                       "one line;\none that begins with [ or \\ gets a \\ in front. Any other "
                       "message (binary, invalid\nUTF-8, control characters, line breaks) is "
                       "printed as \"[binary N bytes] HEX\"\n(N bytes, lower-case hex). With "
                       "--hex every message is bare hex.\n\nOn end of "
                       "input the\nsession is closed cleanly and the exit status is 0; a refused "
                       "or failed handshake\nexits 1 with the reason on stderr, having sent "
                       "nothing.\n\nServer keys are pinned per HOST:PORT/PATH in the profile's "
                       "trust store ('sws pin').\nA server whose key differs from its pin is "
                       "refused (exit 1) before anything is sent.\n--pin-policy decides about "
                       "servers without a pin: accept-new pins the key on first\nuse (default), "
                       "strict refuses them, ask refuses them too (there is no one to ask)\nand "
                       "says how to pin the key, off disables pinning.\n--ca FILE trusts exactly "
                       "that CA; --v2 without --ca trusts the enabled CAs of the\nprofile "
                       "('sws trust'). With --identity and version 2 the identity's certificate "
                       "is\nsent unless --cert names another.\n\nSIGINT or SIGTERM close the "
                       "session and exit 130 or 143 (128 + the signal\nnumber)."),
    };
    for (Option &o : connectTrustOptions())
        spec.options.push_back(std::move(o));
    spec.details += inviteArgHelp();
    Args a;
    if (const auto exit = parse(spec, args, &a))
        return *exit;
    std::optional<Invitation> invite; // a link instead of the URL: its key only
    if (int code = kExitOk; !readInviteArg(command, a.positionals().first(), &invite, &code))
        return code;
    const Expected<QUrl, QString> url =
        invite ? Expected<QUrl, QString>(invite->url) : parseWsUrl(a.positionals().first());
    if (!url)
        return usageError(command, url.error());
    const bool v2 = a.has(QStringLiteral("ca")) || a.has(QStringLiteral("v2"));
    if (a.has(QStringLiteral("cert")) && !v2 && !(invite && invite->version == 2))
        return usageError(command, QStringLiteral("--cert needs --ca or --v2 (version 2)"));
    const auto intOption = [&a](const QString &name, int fallback, bool *ok) {
        *ok = true;
        if (!a.has(name))
            return fallback;
        const int v = a.value(name).toInt(ok);
        *ok = *ok && v >= 0;
        return v;
    };
    bool ok1, ok2, ok3;
    const int expect = intOption(QStringLiteral("expect"), 0, &ok1);
    const int timeout = intOption(QStringLiteral("timeout"), 10000, &ok2);
    const int hsTimeout = intOption(QStringLiteral("handshake-timeout"), 5000, &ok3);
    if (!ok1 || !ok2 || !ok3)
        return usageError(command, QStringLiteral("--expect, --timeout and --handshake-timeout "
                                                  "take a whole number"));

    SessionConfig cfg;
    int exitCode = kExitOk;
    // With --identity, setupConnectTrust() loads the key pair and checks --cert against it.
    const bool identity = a.has(QStringLiteral("identity"));
    if (!loadIdentity(command,
                      {identity ? QString() : a.value(QStringLiteral("key")),
                       identity ? QString() : a.value(QStringLiteral("cert")),
                       a.value(QStringLiteral("ca"))},
                      cfg, &exitCode))
        return exitCode;
    cfg.version = v2 ? 2 : 1;
    cfg.handshakeTimeoutMs = hsTimeout > 0 ? hsTimeout : 5000;
    // Acknowledged messages with servers that speak it; plain servers never see the offer.
    cfg.extensions = {chat::kExtension};
    ConnectTrust trust; // outlives the client: its verifier reads this store
    if (!setupConnectTrust(command, a, cfg, trust, &exitCode) ||
        (invite && !applyInvite(command, *invite, a, cfg, trust, &exitCode)))
        return exitCode;

    Client client(std::move(cfg), a.has(QStringLiteral("hex-input")), a.has(QStringLiteral("hex")),
                  expect, timeout, a.has(QStringLiteral("verbose")));
    if (a.has(QStringLiteral("verbose"))) {
        logSession(&client.session(), QStringLiteral("sws connect"));
        client.logAcknowledgements();
    }
    watchPinning(&client.session(), trust, *url);
    if (invite)
        watchInvite(&client.session(), *invite, trust);
    quitOnSignals();
    client.start(*url);
    return QCoreApplication::exec();
}

} // namespace sws::cli
