// sws serve: a SecureWebSocket server that echoes or relays (chat) every message.
#include "chat/room.h"
#include "cli.h"
#include "cliprofile.h"
#include "invitearg.h"
#include "quitsignals.h"
#include "session/securewebsocketserver.h"
#include "sessionlog.h"
#include "wsurl.h"

#include <QCoreApplication>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <memory>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace sws::cli {

namespace {

// The profile identity that keeps `sws serve`'s key for one listen address, so that clients
// that pinned it still accept it after a restart: "serve-127.0.0.1-8080" ("serve-__1-8080"
// for [::1]:8080).
QString serveIdentityName(const QHostAddress &host, quint16 port) {
    QString name = QStringLiteral("serve-%1-%2").arg(host.toString()).arg(port);
    for (QChar &c : name) {
        const bool ok = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
                        (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
                        (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('.') ||
                        c == QLatin1Char('-');
        if (!ok)
            c = QLatin1Char('_');
    }
    return name;
}

// The key of the profile for this listen address: unlocked when it exists, else made and
// saved (unprotected, 0600, like any identity). *created says which.
Expected<BoxKeyPair, QString> profileServeKey(const Profile &profile, const QString &name,
                                              PassphraseProvider *provider, bool *created) {
    *created = false;
    if (profile.identity(name))
        return profile.unlockIdentity(name, provider);
    BoxKeyPair kp = BoxKeyPair::generate();
    auto added = profile.addIdentity(name, kp, nullptr);
    if (!added)
        return unexpected(added.error());
    *created = true;
    return kp;
}

} // namespace

int cmdServe(const QStringList &args) {
    const QString command = QStringLiteral("serve");
    const CommandSpec spec{
        command,
        QStringLiteral("--listen HOST:PORT [--path /PATH] [--key box-kp.json | --identity NAME] "
                       "[--cert CERT.json] [--ca CA-CERT.json [--require-cert]] [--mode echo|chat] "
                       "[--max-per-source N] [--max-parked-per-source N] [--max-members N] "
                       "[--threads N] [--verbose]"),
        QStringLiteral("Runs a SecureWebSocket server. Version 2 (certificates) with --cert and "
                       "--ca (or --identity whose certificate is in the profile, and --ca), else "
                       "version 1."),
        {{QStringLiteral("listen"), QStringLiteral("HOST:PORT"),
          QStringLiteral("address to listen on; port 0 picks a free port"), true},
         {QStringLiteral("path"), QStringLiteral("/PATH"),
          QStringLiteral("serve only this request path (default: any)")},
         {QStringLiteral("key"), QStringLiteral("FILE"),
          QStringLiteral("box-kp.json key pair (default: the profile's key for this listen "
                         "address, made the first time; port 0: a new key for this run)")},
         {QStringLiteral("identity"), QStringLiteral("NAME"),
          QStringLiteral("the profile's identity NAME instead of --key; with --ca and no --cert, "
                         "its certificate (version 2)")},
         profileOption(),
         passphraseFileOption(),
         {QStringLiteral("cert"), QStringLiteral("FILE"),
          QStringLiteral("this server's certificate (CA-signed, for its key): version 2")},
         {QStringLiteral("ca"), QStringLiteral("FILE"),
          QStringLiteral("CA certificate trusted for client certificates")},
         {QStringLiteral("require-cert"), {}, QStringLiteral("ask every client for a certificate")},
         {QStringLiteral("mode"), QStringLiteral("echo|chat"),
          QStringLiteral("echo: send each message back (default); chat: relay to all others")},
         {QStringLiteral("handshake-timeout"), QStringLiteral("MS"),
          QStringLiteral("close a handshake not finished in MS milliseconds (default 5000)")},
         {QStringLiteral("max-per-source"), QStringLiteral("N"),
          QStringLiteral("handshakes in progress at once from one address (default 64); its "
                         "further clients wait (parked) until one ends")},
         {QStringLiteral("max-parked-per-source"), QStringLiteral("N"),
          QStringLiteral("clients from one address waiting behind those (default 1024); past "
                         "them it is refused with close 4051")},
         {QStringLiteral("max-members"), QStringLiteral("N"),
          QStringLiteral("member keys the room keeps (default 1024): sessions with further keys "
                         "are closed with 4050 while every kept member is connected")},
         {QStringLiteral("threads"), QStringLiteral("N"),
          QStringLiteral("event-loop threads the sessions are spread over (default: the number "
                         "of cores); each session's handshake and encryption run on its thread")},
         {QStringLiteral("verbose"), {}, QStringLiteral("log handshakes and errors on stderr")}},
        {},
        QStringLiteral(
            "Once listening, prints two lines on stdout:\n  listening ws://HOST:PORT/PATH\n"
            "  invite: sws-invite:1/... (the invitation link for this server)\n"
            "Everything else goes to stderr. SIGINT or SIGTERM stops the server, with exit\n"
            "status 130 or 143 (128 + the signal number)."),
    };
    Args a;
    if (const auto exit = parse(spec, args, &a))
        return *exit;

    ServerConfig cfg;
    QHostAddress host;
    quint16 port = 0;
    if (!parseListenAddress(a.value(QStringLiteral("listen")), &host, &port))
        return usageError(command, QStringLiteral("--listen wants HOST:PORT, e.g. 127.0.0.1:8080"));
    const bool identity = a.has(QStringLiteral("identity"));
    if (identity && a.has(QStringLiteral("key")))
        return usageError(command, QStringLiteral("--identity and --key exclude each other"));
    // An identity may bring its own certificate: then --ca alone makes version 2.
    if (a.has(QStringLiteral("cert")) ? !a.has(QStringLiteral("ca"))
                                      : a.has(QStringLiteral("ca")) && !identity)
        return usageError(command, QStringLiteral("--cert and --ca go together"));
    if (a.has(QStringLiteral("require-cert")) && !a.has(QStringLiteral("ca")))
        return usageError(command, QStringLiteral("--require-cert needs --cert and --ca"));
    const QString mode =
        a.has(QStringLiteral("mode")) ? a.value(QStringLiteral("mode")) : QStringLiteral("echo");
    if (mode != QLatin1String("echo") && mode != QLatin1String("chat"))
        return usageError(command, QStringLiteral("--mode is echo or chat"));
    if (a.has(QStringLiteral("path"))) {
        cfg.path = a.value(QStringLiteral("path"));
        if (!cfg.path.startsWith(QLatin1Char('/')))
            return usageError(command, QStringLiteral("--path must start with /"));
    }
    if (a.has(QStringLiteral("handshake-timeout"))) {
        bool ok = false;
        cfg.session.handshakeTimeoutMs = a.value(QStringLiteral("handshake-timeout")).toInt(&ok);
        if (!ok || cfg.session.handshakeTimeoutMs <= 0)
            return usageError(command, QStringLiteral("--handshake-timeout wants milliseconds"));
    }
    if (a.has(QStringLiteral("max-per-source"))) {
        bool ok = false;
        cfg.maxHandshakesPerSource = a.value(QStringLiteral("max-per-source")).toInt(&ok);
        if (!ok || cfg.maxHandshakesPerSource <= 0)
            return usageError(command, QStringLiteral("--max-per-source wants a positive number"));
    }
    if (a.has(QStringLiteral("max-parked-per-source"))) {
        bool ok = false;
        cfg.maxParkedPerSource = a.value(QStringLiteral("max-parked-per-source")).toInt(&ok);
        if (!ok || cfg.maxParkedPerSource < 0)
            return usageError(command,
                              QStringLiteral("--max-parked-per-source wants a number (0 or more)"));
    }
    int maxMembers = 1024;
    if (a.has(QStringLiteral("max-members"))) {
        bool ok = false;
        maxMembers = a.value(QStringLiteral("max-members")).toInt(&ok);
        if (!ok || maxMembers <= 0)
            return usageError(command, QStringLiteral("--max-members wants a positive number"));
    }
    cfg.threads = std::max(1, QThread::idealThreadCount());
    if (a.has(QStringLiteral("threads"))) {
        bool ok = false;
        cfg.threads = a.value(QStringLiteral("threads")).toInt(&ok);
        if (!ok || cfg.threads < 1)
            return usageError(command, QStringLiteral("--threads wants a positive number"));
    }
    int exitCode = kExitOk;
    if (identity) {
        const auto id = unlockProfileIdentity(command, a, cfg.session, &exitCode);
        if (!id)
            return exitCode;
        if (a.has(QStringLiteral("ca")) && !a.has(QStringLiteral("cert"))) {
            if (!id->certificate)
                return usageError(command,
                                  QStringLiteral("identity %1 has no certificate: give --cert, "
                                                 "or leave out --ca for version 1")
                                      .arg(id->name));
            cfg.session.certificate = id->certificate;
        }
    }
    // Neither --key nor --identity (nor --cert, which names its own key): a fixed port keeps
    // its key in the profile; port 0 is a different address every run, so a key for the run.
    QString keySource;
    if (!identity && !a.has(QStringLiteral("key")) && !a.has(QStringLiteral("cert"))) {
        if (port == 0) {
            keySource = QStringLiteral(" (new key for this run)");
        } else {
            const QString name = serveIdentityName(host, port);
            const Profile profile = openProfile(a);
            auto provider = passphraseProvider(a);
            bool created = false;
            auto kp = profileServeKey(profile, name, provider.get(), &created);
            if (!kp)
                return failure(command, kp.error());
            cfg.session.keyPair = std::move(*kp);
            keySource = QStringLiteral(" (key of the profile for %1:%2, identity %3%4)")
                            .arg(host.toString())
                            .arg(port)
                            .arg(name, created ? QStringLiteral("; new key, saved in the profile")
                                               : QString());
        }
    } else if (identity) {
        keySource = QStringLiteral(" (identity %1)").arg(a.value(QStringLiteral("identity")));
    }
    if (!loadIdentity(command,
                      {a.value(QStringLiteral("key")), a.value(QStringLiteral("cert")),
                       a.value(QStringLiteral("ca"))},
                      cfg.session, &exitCode))
        return exitCode;
    cfg.session.version = cfg.session.certificate ? 2 : 1;
    cfg.session.requireCert = a.has(QStringLiteral("require-cert"));
    // Acknowledged chat with clients that offer it; plain clients never see the offer.
    cfg.session.extensions = {chat::kExtension};
    const bool verbose = a.has(QStringLiteral("verbose"));
    const QString keyFingerprint = fingerprint(cfg.session.keyPair.publicKey);

#ifdef Q_OS_UNIX
    // Every session and every parked connection (up to --max-parked-per-source per address)
    // holds a descriptor: the usual soft limit of 1,024 would run out under one busy address.
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        (void)::setrlimit(RLIMIT_NOFILE, &files); // best effort: the limit stays as it was
    }
#endif
    SecureWebSocketServer server(std::move(cfg));
    // The room's message limits as Room(server, mode) sets them; only the member count differs.
    ChatConfig chatConfig;
    chatConfig.limits.maxPayloadBytes =
        std::max<qint64>(0, server.config().session.maxMessageBytes - chat::kEnvelopeHeaderBytes);
    chatConfig.limits.maxOutboxBytes =
        std::max(chatConfig.limits.maxOutboxBytes, chatConfig.limits.maxPayloadBytes);
    Room room(&server, mode == QLatin1String("chat") ? Room::Mode::Chat : Room::Mode::Echo,
              chatConfig, maxMembers);
    if (!server.listen(host, port))
        return failure(command, QStringLiteral("cannot listen on %1: %2")
                                    .arg(a.value(QStringLiteral("listen")), server.errorString()));
    // Direct: on the session's thread as it starts, before any handshake message.
    QObject::connect(
        &server, &SecureWebSocketServer::handshakeStarted, &server,
        [command](SecureWebSocket *s) { warnJavaReferenceClient(s, command); },
        Qt::DirectConnection);
#ifdef __GLIBC__
    // glibc keeps the heap pages that thousands of closed connections freed (live blocks sit
    // between them, so the top of the heap never shrinks): after a flood of slowloris
    // connections the server stayed at its peak memory for good. Once the connections have
    // fallen well below their peak, the free pages go back to the system.
    QTimer trim;
    int connectionPeak = 0;
    QObject::connect(&trim, &QTimer::timeout, &server, [&server, &connectionPeak] {
        const int now = static_cast<int>(server.sessions().size()) + server.handshakesInProgress() +
                        server.parkedConnections();
        if (connectionPeak - now >= std::max(256, connectionPeak / 4)) {
            ::malloc_trim(0);
            connectionPeak = now;
        } else {
            connectionPeak = std::max(connectionPeak, now);
        }
    });
    trim.start(1000);
#endif
    if (verbose) {
        QObject::connect(
            &server, &SecureWebSocketServer::handshakeStarted, &server,
            [](SecureWebSocket *s) {
                logSession(
                    s, QStringLiteral("%1:%2").arg(s->peerAddress().toString()).arg(s->peerPort()));
            },
            Qt::DirectConnection);
    } else {
        QObject::connect(&server, &SecureWebSocketServer::handshakeFailed, &server,
                         [](const QHostAddress &peer, SessionError e, const QString &reason) {
                             err(QStringLiteral("sws serve: handshake with %1 failed: %2 (%3)")
                                     .arg(peer.toString(), sessionErrorName(e), reason));
                         });
    }
    const int threads = server.config().threads;
    err(QStringLiteral("sws serve: version %1, %2 mode, %3 %4, key fingerprint %5%6")
            .arg(server.config().session.version)
            .arg(mode)
            .arg(threads)
            .arg(threads == 1 ? QStringLiteral("thread") : QStringLiteral("threads"),
                 keyFingerprint, keySource));
    QUrl url = server.serverUrl();
    if (!out(QStringLiteral("listening ") + url.toString()) ||
        !out(QStringLiteral("invite: ") + serveInvitationLink(server.config().session, url)))
        return kExitFailure; // main() says why: no one would learn the address
    // A signal stops listening and closes every session with 1001 (going away), so clients
    // see a close frame rather than a dropped connection; it exits once they are closed, or
    // after the close timeout.
    quitOnSignals([&server](int quitCode) {
        if (server.threadCount() > 0) {
            // Closes every session on every thread (1001), waits for them, joins the threads.
            server.close();
            QCoreApplication::exit(quitCode);
            return;
        }
        server.close();
        // Secured sessions, and those whose handshake is still under way here (the server's
        // children): a client that already counts itself secured gets the close frame too.
        QList<SecureWebSocket *> sessions = server.sessions();
        for (SecureWebSocket *s :
             server.findChildren<SecureWebSocket *>(Qt::FindDirectChildrenOnly)) {
            if (!sessions.contains(s) && s->state() != SecureWebSocket::State::Closed &&
                s->state() != SecureWebSocket::State::Unconnected)
                sessions.append(s);
        }
        auto left = std::make_shared<int>(int(sessions.size()));
        auto done = [quitCode, left] {
            if (--*left <= 0)
                QCoreApplication::exit(quitCode);
        };
        QTimer::singleShot(server.config().session.closeTimeoutMs + 500, qApp,
                           [quitCode] { QCoreApplication::exit(quitCode); });
        if (sessions.isEmpty()) {
            QCoreApplication::exit(quitCode);
            return;
        }
        for (SecureWebSocket *s : sessions) {
            QObject::connect(s, &SecureWebSocket::disconnected, qApp, done);
            s->close(1001, QStringLiteral("the server is shutting down"));
        }
    });
    return QCoreApplication::exec();
}

} // namespace sws::cli
