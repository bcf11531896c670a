// Connection → Intercept…: a client session through the window's proxy to an echoing server,
// with the traffic paused: a held message edited and forwarded, one dropped, one replayed and
// one injected, each shown in the table with what became of it.
#include "cert/keyfiles.h"
#include "proxy/interceptmodel.h"
#include "proxy/interceptwindow.h"
#include "proxy/proxy.h"
#include "session/securewebsocket.h"
#include "session/securewebsocketserver.h"

#include <QCheckBox>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace sws;
using namespace sws::ui;

namespace {

SessionConfig v1() {
    SessionConfig c;
    c.keyPair = BoxKeyPair::generate();
    return c;
}

// A handshake list's stages, without their times.
QStringList stages(const QListWidget *list) {
    QStringList out;
    for (int i = 0; i < list->count(); ++i)
        out << list->item(i)->text().section(QStringLiteral("  "), 1);
    return out;
}

QPushButton *button(QWidget *w, const QString &text) {
    for (QPushButton *b : w->findChildren<QPushButton *>())
        if (b->text().remove(QLatin1Char('&')) == text)
            return b;
    return nullptr;
}

} // namespace

class tst_InterceptWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void refusesBadInput() {
        InterceptWindow w;
        w.upstreamEdit()->setText(QStringLiteral("http://example.invalid/"));
        QVERIFY(!w.start());
        QVERIFY(!w.proxy());
        w.upstreamEdit()->setText(QStringLiteral("ws://127.0.0.1:9/"));
        w.listenEdit()->setText(QStringLiteral("nowhere"));
        QVERIFY(!w.start());
        w.listenEdit()->setText(QStringLiteral("127.0.0.1:0"));
        QVERIFY(w.start());
        QVERIFY(w.proxy());
        QVERIFY(!w.listenEdit()->isEnabled());
    }

    void holdEditDropReplayInject() {
        ServerConfig sc;
        sc.session = v1();
        SecureWebSocketServer upstream(std::move(sc));
        connect(&upstream, &SecureWebSocketServer::sessionSecured, this, [](SecureWebSocket *s) {
            connect(s, &SecureWebSocket::binaryMessageReceived, s,
                    [s](const QByteArray &m) { s->sendBinaryMessage("echo:" + m); });
        });
        QVERIFY(upstream.listen(QHostAddress::LocalHost, 0));

        InterceptWindow w;
        w.show();
        w.upstreamEdit()->setText(upstream.serverUrl().toString());
        QVERIFY(w.start());
        w.findChild<QCheckBox *>()->setChecked(true);
        QVERIFY(w.proxy()->isPaused());

        SecureWebSocket client(v1());
        QList<QByteArray> got;
        connect(&client, &SecureWebSocket::binaryMessageReceived, this,
                [&](const QByteArray &m) { got << m; });
        client.open(w.proxy()->serverUrl());
        client.sendBinaryMessage("first");
        client.sendBinaryMessage("second");
        InterceptModel *model = w.model();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, 10000);
        QCOMPARE(model->row(0).status, InterceptModel::Status::Held);
        QCOMPARE(model->row(1).status, InterceptModel::Status::Held);

        // Edit the first and forward it; drop the second.
        w.table()->setCurrentIndex(model->index(0, 0));
        QCOMPARE(w.editor()->toPlainText(), QStringLiteral("first"));
        w.editor()->setPlainText(QStringLiteral("FIRST"));
        QTest::mouseClick(button(&w, QStringLiteral("Forward")), Qt::LeftButton);
        QCOMPARE(model->row(0).status, InterceptModel::Status::Forwarded);
        QCOMPARE(model->row(0).bytes, QByteArray("FIRST"));
        QCOMPARE(model->index(0, int(InterceptModel::Column::Status)).data().toString(),
                 QStringLiteral("edited, forwarded"));
        w.table()->setCurrentIndex(model->index(1, 0));
        QTest::mouseClick(button(&w, QStringLiteral("Drop")), Qt::LeftButton);
        QCOMPARE(model->row(1).status, InterceptModel::Status::Dropped);

        // The echo comes back and is held too; unpausing forwards it.
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 3, 10000);
        QCOMPARE(model->row(2).bytes, QByteArray("echo:FIRST"));
        QCOMPARE(got.size(), 0);
        w.findChild<QCheckBox *>()->setChecked(false);
        QTRY_COMPARE_WITH_TIMEOUT(got.size(), 1, 10000);
        QCOMPARE(got.at(0), QByteArray("echo:FIRST"));
        QCOMPARE(model->row(2).status, InterceptModel::Status::Forwarded);

        // Replay the forwarded first message to the server; inject a line to the client.
        w.table()->setCurrentIndex(model->index(0, 0));
        QTest::mouseClick(button(&w, QStringLiteral("Replay")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(got.size(), 2, 10000);
        QCOMPARE(got.at(1), QByteArray("echo:FIRST"));
        w.editor()->setPlainText(QStringLiteral("from the proxy"));
        QTest::mouseClick(button(&w, QStringLiteral("Inject → client")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(got.size(), 3, 10000);
        QCOMPARE(got.at(2), QByteArray("from the proxy"));
        bool injectedShown = false;
        for (int r = 0; r < model->rowCount(); ++r)
            injectedShown =
                injectedShown || (model->row(r).status == InterceptModel::Status::Injected &&
                                  model->row(r).bytes == "from the proxy");
        QVERIFY(injectedShown);

        // Both handshakes of the session, each side with its steps in order.
        w.table()->setCurrentIndex(model->index(0, 0));
        QCOMPARE(
            stages(w.clientHandshakeList()),
            (QStringList{QStringLiteral("ClientHello received"), QStringLiteral("ServerHello sent"),
                         QStringLiteral("ClientReady received"), QStringLiteral("secured (v1)")}));
        QCOMPARE(
            stages(w.upstreamHandshakeList()),
            (QStringList{QStringLiteral("connecting to %1").arg(upstream.serverUrl().toString()),
                         QStringLiteral("ClientHello sent"), QStringLiteral("ServerHello received"),
                         QStringLiteral("ClientReady sent"), QStringLiteral("secured (v1)")}));
        QVERIFY(!w.clientHandshakeList()->accessibleName().isEmpty());
        QVERIFY(!w.upstreamHandshakeList()->accessibleName().isEmpty());

        // The transcript: both sides' handshakes, every message in order with its fate, the
        // closes.
        QSignalSpy finished(w.proxy(), &Proxy::sessionFinished);
        client.close();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("transcript.json"));
        QVERIFY(w.exportTranscript(path));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray raw = f.readAll();
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(raw, &err);
        QCOMPARE(err.error, QJsonParseError::NoError);
        QCOMPARE(doc[QStringLiteral("format")].toString(),
                 QStringLiteral("sws-intercept-transcript"));
        const QJsonArray sessions = doc[QStringLiteral("sessions")].toArray();
        QCOMPARE(sessions.size(), 1);
        const QJsonObject s = sessions.at(0).toObject();
        const QJsonObject hs = s[QStringLiteral("handshake")].toObject();
        const QJsonArray ch = hs[QStringLiteral("client")].toArray();
        const QJsonArray uh = hs[QStringLiteral("upstream")].toArray();
        QCOMPARE(ch.size(), 4);
        QCOMPARE(ch.first()[QStringLiteral("stage")].toString(),
                 QStringLiteral("ClientHello received"));
        QCOMPARE(ch.last()[QStringLiteral("stage")].toString(), QStringLiteral("secured (v1)"));
        QCOMPARE(uh.size(), 5);
        QCOMPARE(uh.at(1)[QStringLiteral("stage")].toString(), QStringLiteral("ClientHello sent"));
        QCOMPARE(uh.last()[QStringLiteral("stage")].toString(), QStringLiteral("secured (v1)"));
        QVERIFY(!ch.first()[QStringLiteral("time")].toString().isEmpty());

        const QJsonArray msgs = s[QStringLiteral("messages")].toArray();
        QCOMPARE(msgs.size(), model->rowCount());
        const auto field = [&](int i, const char *key) {
            return msgs.at(i)[QLatin1String(key)].toVariant().toString();
        };
        QCOMPARE(field(0, "dir"), QStringLiteral("c2s"));
        QCOMPARE(field(0, "seq"), QStringLiteral("1"));
        QCOMPARE(field(0, "fate"), QStringLiteral("edited"));
        QCOMPARE(field(0, "text"), QStringLiteral("FIRST"));
        QCOMPARE(field(0, "original_text"), QStringLiteral("first"));
        QCOMPARE(field(0, "size"), QStringLiteral("5"));
        QCOMPARE(field(1, "seq"), QStringLiteral("2"));
        QCOMPARE(field(1, "fate"), QStringLiteral("dropped"));
        QCOMPARE(field(1, "text"), QStringLiteral("second"));
        QCOMPARE(field(2, "dir"), QStringLiteral("s2c"));
        QCOMPARE(field(2, "fate"), QStringLiteral("forwarded"));
        QCOMPARE(field(2, "text"), QStringLiteral("echo:FIRST"));
        QCOMPARE(field(3, "fate"), QStringLiteral("injected"));
        QCOMPARE(field(3, "dir"), QStringLiteral("c2s"));
        for (int i = 0; i < msgs.size(); ++i)
            QCOMPARE(field(i, "text"), InterceptModel::preview(model->row(i).bytes));
        const QJsonArray closes = s[QStringLiteral("closes")].toArray();
        QCOMPARE(closes.size(), 2);
        QCOMPARE(closes.at(0)[QStringLiteral("side")].toString(), QStringLiteral("client"));
        QCOMPARE(closes.at(0)[QStringLiteral("code")].toInt(), 1000);
        // Nothing key-like: the transcript has no key fields at all.
        QVERIFY(!raw.contains("key"));
        QVERIFY(!raw.contains("Key"));
    }

    // Version 2: the upstream's certificate is checked against the CA file; a client that trusts
    // the inspection CA gets through, and the messages are readable in the table.
    void version2WithInspectionCa() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        qputenv("SWS_PROFILE", QFile::encodeName(dir.filePath(QStringLiteral("profile"))));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const cert::CaKey ca = cert::generateCa(QStringLiteral("upstream-ca"), now + 86400000, now);
        const QString caPath = dir.filePath(QStringLiteral("ca.json"));
        QVERIFY(keyfiles::writeCertificate(caPath, ca.cert, false));
        ServerConfig sc;
        sc.session = v1();
        sc.session.version = 2;
        cert::CertRequest req;
        req.publicKey = sc.session.keyPair.publicKey;
        req.names = {QStringLiteral("localhost")};
        req.ips = {QStringLiteral("127.0.0.1")};
        req.tteMs = now + 3600000;
        auto serverCert = cert::sign(req, ca, now);
        QVERIFY(serverCert);
        sc.session.certificate = *serverCert;
        SecureWebSocketServer upstream(std::move(sc));
        connect(&upstream, &SecureWebSocketServer::sessionSecured, this, [](SecureWebSocket *s) {
            connect(s, &SecureWebSocket::binaryMessageReceived, s,
                    [s](const QByteArray &m) { s->sendBinaryMessage(m); });
        });
        QVERIFY(upstream.listen(QHostAddress::LocalHost, 0));

        InterceptWindow w;
        w.upstreamEdit()->setText(upstream.serverUrl().toString());
        w.caEdit()->setText(caPath);
        QVERIFY(w.start());
        QVERIFY(w.inspectionCa());
        SessionConfig cc = v1();
        cc.version = 2;
        cc.trustedCas = {*w.inspectionCa()};
        SecureWebSocket client(std::move(cc));
        QSignalSpy echoed(&client, &SecureWebSocket::binaryMessageReceived);
        client.open(w.proxy()->serverUrl());
        client.sendBinaryMessage("over v2");
        QTRY_COMPARE_WITH_TIMEOUT(echoed.size(), 1, 10000);
        QCOMPARE(echoed.at(0).at(0).toByteArray(), QByteArray("over v2"));
        QCOMPARE(client.version(), 2);
        QCOMPARE(w.model()->row(0).bytes, QByteArray("over v2"));
    }
};

QTEST_MAIN(tst_InterceptWindow)
#include "tst_interceptwindow.moc"
