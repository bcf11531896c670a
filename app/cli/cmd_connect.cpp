// sws connect: a SecureWebSocket client between stdin/stdout and a server.
#include "cli.h"
#include "connecttrust.h"
#include "quitsignals.h"
#include "securewebsocket.h"
#include "sessionlog.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QStringDecoder>
#include <QTimer>

#include <cstdio>
#include <unistd.h>

namespace sws::cli {

namespace {

// One received message as one output line: UTF-8 text as is, anything else (or any text
// with control characters, which would break the one-line rule) as hex.
QString messageLine(const QByteArray &m, bool hex) {
    if (!hex) {
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QString text = decoder.decode(m);
        bool printable = !decoder.hasError();
        for (QChar c : text)
            printable =
                printable && (c.unicode() >= 0x20 || c == QLatin1Char('\t')) && c.unicode() != 0x7f;
        if (printable)
            return text;
    }
    return QString::fromLatin1(m.toHex());
}

class Client : public QObject {
public:
    Client(SessionConfig cfg, bool hexIn, bool hexOut, int expect, int timeoutMs)
        : m_session(std::move(cfg))
        , m_hexIn(hexIn)
        , m_hexOut(hexOut)
        , m_expect(expect) {
        m_timer.setSingleShot(true);
        m_timer.setInterval(timeoutMs);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            err(QStringLiteral("sws connect: timed out waiting for %1 more message(s)")
                    .arg(m_expect - m_received));
            finish(kExitFailure);
        });
        connect(&m_session, &SecureWebSocket::binaryMessageReceived, this,
                [this](const QByteArray &m) {
                    const QByteArray line = messageLine(m, m_hexOut).toUtf8() + '\n';
                    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), stdout);
                    std::fflush(stdout);
                    ++m_received;
                    maybeClose();
                });
        connect(&m_session, &SecureWebSocket::secured, this, [this] {
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
            } else if (!m_closing && m_session.closeCode() == kCloseAbnormal) {
                err(QStringLiteral("sws connect: the connection was lost without a close frame "
                                   "(code %1)")
                        .arg(kCloseAbnormal));
                finish(m_eof ? kExitOk : kExitFailure);
            } else if (!m_closing) {
                err(QStringLiteral("sws connect: the server closed the session (code %1%2)")
                        .arg(m_session.closeCode())
                        .arg(m_session.closeReason().isEmpty()
                                 ? QString()
                                 : QStringLiteral(", ") +
                                       cert::displayText(m_session.closeReason(), 123)));
                finish(m_eof ? kExitOk : kExitFailure);
            } else {
                finish(kExitOk);
            }
        });
    }

    SecureWebSocket &session() { return m_session; }

    void start(const QUrl &url) {
        m_session.open(url);
        m_stdin = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
        connect(m_stdin, &QSocketNotifier::activated, this, [this] { readStdin(); });
        pace();
    }

private:
    // Stdin is read only while the session is secure and the server keeps up: input waits in
    // the pipe instead of filling the queue before the handshake or the socket's backlog.
    void pace() {
        if (!m_stdin || m_eof)
            return;
        m_stdin->setEnabled(m_session.state() == SecureWebSocket::State::Secured &&
                            m_session.bytesToWrite() < kMaxBacklog);
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
        if (m_expect > m_received)
            m_timer.start();
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
        if (m_session.sendBinaryMessage(line) < 0)
            err(QStringLiteral("sws connect: a message of %1 bytes could not be sent (too big, or "
                               "too much queued)")
                    .arg(line.size()));
    }

    void maybeClose() {
        if (m_eof && !m_closing && m_received >= m_expect &&
            m_session.state() == SecureWebSocket::State::Secured) {
            m_closing = true;
            m_timer.stop();
            m_session.close();
        }
    }

    void finish(int code) {
        if (m_done)
            return;
        m_done = true;
        QCoreApplication::exit(code);
    }

    SecureWebSocket m_session;
    QSocketNotifier *m_stdin = nullptr;
    QByteArray m_pending;
    QTimer m_timer;
    bool m_hexIn, m_hexOut;
    int m_expect;
    int m_received = 0;
    bool m_eof = false, m_closing = false, m_done = false;
};

} // namespace

int cmdConnect(const QStringList &args) {
    const QString command = QStringLiteral("connect");
    CommandSpec spec{
        command,
        QStringLiteral("URL [--key box-kp.json | --identity NAME] [--ca CA-CERT.json | --v2] "
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
          QStringLiteral("after end of input, wait for N messages before closing")},
         {QStringLiteral("timeout"), QStringLiteral("MS"),
          QStringLiteral("give up waiting for --expect messages after MS (default 10000)")},
         {QStringLiteral("handshake-timeout"), QStringLiteral("MS"),
          QStringLiteral("fail if the handshake takes longer (default 5000)")},
         {QStringLiteral("hex"), {}, QStringLiteral("print every received message as hex")},
         {QStringLiteral("hex-input"), {}, QStringLiteral("stdin lines are hex (binary messages)")},
         {QStringLiteral("verbose"), {}, QStringLiteral("log the handshake on stderr")}},
        {QStringLiteral("URL")},
        QStringLiteral("Received text that is not printable UTF-8 is shown as hex. On end of "
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
                       "is\nsent unless --cert names another."),
    };
    for (Option &o : connectTrustOptions())
        spec.options.push_back(std::move(o));
    Args a;
    if (const auto exit = parse(spec, args, &a))
        return *exit;
    const QUrl url(a.positionals().first(), QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1String("ws") || url.host().isEmpty())
        return usageError(command, QStringLiteral("URL must be ws://HOST[:PORT][/PATH]"));
    const bool v2 = a.has(QStringLiteral("ca")) || a.has(QStringLiteral("v2"));
    if (a.has(QStringLiteral("cert")) && !v2)
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
    ConnectTrust trust; // outlives the client: its verifier reads this store
    if (!setupConnectTrust(command, a, cfg, trust, &exitCode))
        return exitCode;

    Client client(std::move(cfg), a.has(QStringLiteral("hex-input")), a.has(QStringLiteral("hex")),
                  expect, timeout);
    if (a.has(QStringLiteral("verbose")))
        logSession(&client.session(), QStringLiteral("sws connect"));
    watchPinning(&client.session(), trust, url);
    quitOnSignals();
    client.start(url);
    return QCoreApplication::exec();
}

} // namespace sws::cli
