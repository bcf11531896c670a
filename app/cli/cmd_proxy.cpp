// sws proxy: sits between an SWS client and its server and prints every message in plaintext.
#include "cert/keyfiles.h"
#include "cli.h"
#include "cliprofile.h"
#include "json/json.h"
#include "proxy/inspectionca.h"
#include "proxy/proxy.h"
#include "quitsignals.h"
#include "sessionlog.h"
#include "wsurl.h"

#include <QCoreApplication>
#include <QTimer>

namespace sws::cli {

namespace {

// A proxy whose report cannot be written shows no one anything: it stops (exit 1, and main()
// says why) rather than forward unseen.
void printJson(std::vector<json::Member> members) {
    if (!out(QString::fromUtf8(json::serialize(json::Value::object(std::move(members))))))
        QCoreApplication::exit(kExitFailure);
}

} // namespace

int cmdProxy(const QStringList &args) {
    const QString command = QStringLiteral("proxy");
    const CommandSpec spec{
        command,
        QStringLiteral("--listen HOST:PORT --upstream URL [--path /PATH] [--ca CA-CERT.json "
                       "[--cert CERT.json --key box-kp.json]] [--export-ca FILE]"),
        QStringLiteral("Forwards SWS sessions to URL and prints every message in plaintext: "
                       "version 2 (with an inspection CA) when --ca is given, else version 1."),
        {{QStringLiteral("listen"), QStringLiteral("HOST:PORT"),
          QStringLiteral("address to listen on; port 0 picks a free port"), true},
         {QStringLiteral("upstream"), QStringLiteral("URL"),
          QStringLiteral("the real server, ws://HOST:PORT/PATH"), true},
         {QStringLiteral("path"), QStringLiteral("/PATH"),
          QStringLiteral("serve this request path (default: the upstream URL's)")},
         {QStringLiteral("ca"), QStringLiteral("FILE"),
          QStringLiteral("CA certificate the upstream's certificate must be signed by: version 2")},
         {QStringLiteral("cert"), QStringLiteral("FILE"),
          QStringLiteral("certificate the proxy shows an upstream that requires one")},
         {QStringLiteral("key"), QStringLiteral("FILE"),
          QStringLiteral("box-kp.json for --cert (default: a new key pair for this run)")},
         {QStringLiteral("export-ca"), QStringLiteral("FILE"),
          QStringLiteral("also write the inspection CA certificate to FILE (version 2)")},
         profileOption()},
        {},
        QStringLiteral(
            "Prints `listening ws://HOST:PORT/PATH`, then one JSON object per line for every\n"
            "handshake step, message and close:\n"
            "  {\"event\":\"handshake\",\"session\":1,\"side\":\"client\",\"stage\":\"...\"}\n"
            "  {\"event\":\"message\",\"session\":1,\"dir\":\"c2s\",\"seq\":1,\"time\":\"...\","
            "\"size\":5,\"text\":\"hello\"}\n"
            "  {\"event\":\"close\",\"session\":1,\"side\":\"upstream\",\"code\":1000,"
            "\"reason\":\"\"}\n"
            "A message that is not UTF-8 has \"base64\" instead of \"text\". Version 2: the\n"
            "proxy shows clients a certificate for the upstream's host, issued by the\n"
            "profile's inspection CA (made on first use; its path is printed on stderr as\n"
            "`inspection CA: PATH`); clients must trust that CA. The upstream's certificate\n"
            "is checked against --ca. SIGINT or SIGTERM stops the proxy (exit 130 or 143)."),
    };
    Args a;
    if (const auto exit = parse(spec, args, &a))
        return *exit;

    QHostAddress host;
    quint16 port = 0;
    if (!parseListenAddress(a.value(QStringLiteral("listen")), &host, &port))
        return usageError(command, QStringLiteral("--listen wants HOST:PORT, e.g. 127.0.0.1:8080"));
    const auto upstream = parseWsUrl(a.value(QStringLiteral("upstream")));
    if (!upstream)
        return usageError(command, QStringLiteral("--upstream: ") + upstream.error());
    const bool v2 = a.has(QStringLiteral("ca"));
    if (a.has(QStringLiteral("cert")) && !v2)
        return usageError(command, QStringLiteral("--cert needs --ca (version 2)"));
    if (a.has(QStringLiteral("export-ca")) && !v2)
        return usageError(command, QStringLiteral("--export-ca needs --ca (version 2)"));
    if (a.has(QStringLiteral("key")) && !a.has(QStringLiteral("cert")))
        return usageError(command, QStringLiteral("--key goes with --cert"));

    ProxyConfig cfg;
    cfg.upstream = *upstream;
    cfg.listen.path =
        a.has(QStringLiteral("path")) ? a.value(QStringLiteral("path")) : upstream->path();
    if (!cfg.listen.path.isEmpty() && !cfg.listen.path.startsWith(QLatin1Char('/')))
        return usageError(command, QStringLiteral("--path must start with /"));
    int exitCode = kExitOk;
    if (!loadIdentity(command,
                      {a.value(QStringLiteral("key")), a.value(QStringLiteral("cert")),
                       a.value(QStringLiteral("ca"))},
                      cfg.upstreamSession, &exitCode))
        return exitCode;
    cfg.upstreamSession.version = v2 ? 2 : 1;
    cfg.listen.session.keyPair = BoxKeyPair::generate();
    cfg.listen.session.version = cfg.upstreamSession.version;
    if (v2) {
        auto id = issueInspectionIdentity(openProfile(a), *upstream, host, nowMs());
        if (!id)
            return failure(command, id.error());
        err(QStringLiteral("sws proxy: version 2, certificate for %1")
                .arg((id->names + id->ips).join(QStringLiteral(", "))));
        cfg.listen.session.keyPair = std::move(id->keyPair);
        cfg.listen.session.certificate = id->certificate;
        // The proxy asks its clients for no certificate (requireCert stays false): the upstream
        // judges the proxy's own (--cert), which stands in for the client's.
        err(QStringLiteral("inspection CA: ") + id->caCertPath);
        if (a.has(QStringLiteral("export-ca"))) {
            const auto written =
                keyfiles::writeCertificate(a.value(QStringLiteral("export-ca")), id->caCert, true);
            if (!written)
                return failure(command, written.error().message);
        }
    }

    Proxy proxy(std::move(cfg));
    if (!proxy.listen(host, port))
        return failure(command, QStringLiteral("cannot listen on %1: %2")
                                    .arg(a.value(QStringLiteral("listen")), proxy.errorString()));
    QObject::connect(&proxy, &Proxy::handshakeEvent, &proxy,
                     [](int id, Proxy::Side side, const QString &stage) {
                         printJson({{QStringLiteral("event"), QStringLiteral("handshake")},
                                    {QStringLiteral("session"), id},
                                    {QStringLiteral("side"), Proxy::sideName(side)},
                                    {QStringLiteral("stage"), stage}});
                     });
    QObject::connect(
        &proxy, &Proxy::message, &proxy,
        [](int id, Proxy::Direction dir, qint64 seq, const QByteArray &bytes) {
            std::vector<json::Member> m{{QStringLiteral("event"), QStringLiteral("message")},
                                        {QStringLiteral("session"), id},
                                        {QStringLiteral("dir"), Proxy::directionName(dir)},
                                        {QStringLiteral("seq"), std::int64_t(seq)},
                                        {QStringLiteral("time"), isoUtc(nowMs())},
                                        {QStringLiteral("size"), std::int64_t(bytes.size())}};
            const QString text = QString::fromUtf8(bytes);
            if (text.toUtf8() == bytes)
                m.push_back({QStringLiteral("text"), text});
            else
                m.push_back({QStringLiteral("base64"), QString::fromLatin1(bytes.toBase64())});
            printJson(std::move(m));
        });
    QObject::connect(&proxy, &Proxy::closed, &proxy,
                     [](int id, Proxy::Side side, quint16 code, const QString &reason) {
                         printJson({{QStringLiteral("event"), QStringLiteral("close")},
                                    {QStringLiteral("session"), id},
                                    {QStringLiteral("side"), Proxy::sideName(side)},
                                    {QStringLiteral("code"), int(code)},
                                    {QStringLiteral("reason"), reason}});
                     });
    if (!out(QStringLiteral("listening ") + proxy.serverUrl().toString()))
        return kExitFailure;
    quitOnSignals([&proxy](int code) {
        proxy.close();
        QTimer::singleShot(proxy.server()->config().session.closeTimeoutMs + 500, qApp,
                           [code] { QCoreApplication::exit(code); });
        if (proxy.activeSessions() == 0) {
            QCoreApplication::exit(code);
            return;
        }
        QObject::connect(&proxy, &Proxy::sessionFinished, qApp, [&proxy, code] {
            if (proxy.activeSessions() == 0)
                QCoreApplication::exit(code);
        });
        for (SecureWebSocket *s : proxy.server()->sessions())
            s->close(1001, QStringLiteral("the proxy is shutting down"));
    });
    return QCoreApplication::exec();
}

} // namespace sws::cli
