// Transcripts: a live v2 session exported and read back with its handshake timeline, peer
// certificate and frames; never a secret key or a share key in the file; bad files refused.
#include "chat/chatmodel.h"
#include "connections/clientconnection.h"
#include "connections/hostedroom.h"
#include "connections/sessionlistmodel.h"
#include "inspector/transcript.h"
#include "inspector/transcriptconnection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace sws;
using namespace sws::ui;
using Step = HandshakeModel::Step;

namespace {

// The byte string as hex and as the JSON integer array the wire format uses.
QList<QByteArray> encodings(const QByteArray &bytes) {
    QByteArray ints;
    for (char c : bytes) {
        if (!ints.isEmpty())
            ints += ',';
        ints += QByteArray::number(static_cast<quint8>(c));
    }
    return {bytes.toHex(), ints};
}

} // namespace

class tst_Transcript : public QObject {
    Q_OBJECT
    HostedRoom *m_room = nullptr;
    ClientConnection *m_client = nullptr;
    QByteArray m_clientSecret;
    int m_frames = 0;

private Q_SLOTS:
    void initTestCase() {
        m_room = new HostedRoom(demoRoomOptions(2), this);
        m_room->setGreeting(QStringLiteral("hello from the room"));
        QVERIFY(m_room->start());
        ClientOptions o = m_room->joinOptions();
        m_clientSecret =
            QByteArray(reinterpret_cast<const char *>(o.session.keyPair.secretKey().data()),
                       static_cast<int>(o.session.keyPair.secretKey().size()));
        m_client = new ClientConnection(std::move(o), this);
        m_client->open();
        QTRY_COMPARE(m_client->state(), SessionState::Secured);
        m_client->sendMessage(QStringLiteral("first"), payload::Format::Text);
        m_client->sendMessage(QStringLiteral("second"), payload::Format::Msgpack);
        QTRY_COMPARE(m_client->chat()->rowCount(), 3); // two sent, the greeting received
        // Quiet once everything is acknowledged both ways (chat-ack/1): the two messages by
        // the room, the greeting by the client.
        QTRY_VERIFY(m_room->chat()->rowCount() >= 2); // "… joined", the greeting
        QTRY_COMPARE(m_room->chat()->message(1).state, ChatModel::MessageState::Delivered);
        for (int r = 0; r < 3; ++r)
            if (m_client->chat()->message(r).outgoing)
                QTRY_COMPARE(m_client->chat()->message(r).state,
                             ChatModel::MessageState::Delivered);
        QCoreApplication::processEvents(); // the traffic model inserts at the end of a pass
        m_frames = m_client->traffic()->rowCount();
        // RESUME both ways, three messages, at least one acknowledgement each way.
        QVERIFY2(m_frames >= 7, QByteArray::number(m_frames));
    }

    void neverHoldsSecretOrShareKeys() {
        const QByteArray file = transcript::write(*m_client);
        QVERIFY(!file.isEmpty());
        const HandshakeModel &m = *m_client->tracker()->handshake();
        const QByteArray serverShare =
            m.step(Step::ClientVerifies).verified->boxShareKey->copyOut();
        const QByteArray clientShare = m.step(Step::ClientVerifies).record->boxShareKey->copyOut();
        QCOMPARE(serverShare.size(), kShareKeyBytes);
        QCOMPARE(clientShare.size(), kShareKeyBytes);
        QCOMPARE(m_clientSecret.size(), kBoxSecretKeyBytes);
        for (const QByteArray &secret : {serverShare, clientShare, m_clientSecret})
            for (const QByteArray &form : encodings(secret))
                QVERIFY2(!file.contains(form), form.constData());
        // The public key is there: the check above would see a key that is.
        QVERIFY(file.contains(m_client->socket()->localPublicKey().toHex()));
    }

    void documentsItsFormat() {
        const QJsonObject root = QJsonDocument::fromJson(transcript::write(*m_client)).object();
        QCOMPARE(root.value(QStringLiteral("format")).toString(), transcript::formatName());
        QCOMPARE(root.value(QStringLiteral("formatVersion")).toInt(), transcript::kFormatVersion);
        const QJsonArray sessions = root.value(QStringLiteral("sessions")).toArray();
        QCOMPARE(sessions.size(), 1);
        const QJsonArray steps = sessions.at(0).toObject().value(QStringLiteral("steps")).toArray();
        QCOMPARE(steps.size(), HandshakeModel::kStepCount);
        for (const QJsonValue &s : steps)
            QCOMPARE(s.toObject().value(QStringLiteral("status")).toString(),
                     QStringLiteral("done"));
        const QJsonObject frames = root.value(QStringLiteral("frames")).toObject();
        QCOMPARE(frames.value(QStringLiteral("rows")).toArray().size(), m_frames);
    }

    void readsBackWhatWasWritten() {
        auto data = transcript::read(transcript::write(*m_client));
        QVERIFY2(data, data ? "" : qPrintable(data.error()));
        QCOMPARE(data->kind, QStringLiteral("client"));
        QCOMPARE(data->address, m_client->address());
        QCOMPARE(data->sessions.size(), size_t(1));
        const transcript::Session &s = data->sessions.front();
        const SessionInfo &live = m_client->tracker()->info();
        QCOMPARE(s.info.role, Role::Client);
        QCOMPARE(s.info.version, 2);
        QCOMPARE(s.info.peerPublicKey, live.peerPublicKey);
        QCOMPARE(s.info.localPublicKey, live.localPublicKey);
        QVERIFY(s.info.peerCertificate);
        QCOMPARE(s.info.peerCertificate->toBytes(), live.peerCertificate->toBytes());
        QVERIFY(s.info.peerVerdict && s.info.peerVerdict->valid);
        QCOMPARE(s.info.peerVerdict->rules.size(), live.peerVerdict->rules.size());
        const HandshakeModel &m = *m_client->tracker()->handshake();
        for (int i = 0; i < HandshakeModel::kStepCount; ++i) {
            QCOMPARE(s.steps[size_t(i)].status, m.step(i).status);
            QCOMPARE(s.steps[size_t(i)].timeMs, m.step(i).timeMs);
            QCOMPARE(s.steps[size_t(i)].summary, m.step(i).summary);
            QCOMPARE(bool(s.steps[size_t(i)].record), bool(m.step(i).record));
            if (m.step(i).record) {
                QCOMPARE(s.steps[size_t(i)].record->rawJson, m.step(i).record->rawJson);
                QCOMPARE(s.steps[size_t(i)].record->boxNonce, m.step(i).record->boxNonce);
                QVERIFY(!s.steps[size_t(i)].record->boxShareKey);
                QVERIFY(s.steps[size_t(i)].record->decoded.isObject());
            }
        }
        QCOMPARE(data->frames.size(), size_t(m_frames));
        for (int r = 0; r < m_frames; ++r) {
            const TrafficModel::Row &a = data->frames[size_t(r)];
            const TrafficModel::Row &b = m_client->traffic()->row(r);
            QCOMPARE(a.counter, b.counter);
            QCOMPARE(a.sent, b.sent);
            QCOMPARE(a.cipherBytes, b.cipherBytes);
            QCOMPARE(a.cipherPreview, b.cipherPreview);
            QCOMPARE(a.plainPreview, b.plainPreview);
            QCOMPARE(a.format, b.format);
        }
    }

    void opensReadOnly() {
        auto data = transcript::read(transcript::write(*m_client));
        QVERIFY(data);
        TranscriptConnection t(std::move(*data), QStringLiteral("/tmp/x.json"));
        QCOMPARE(t.state(), SessionState::ReadOnly);
        QVERIFY(!t.canSend());
        QCOMPARE(t.sessions()->rowCount(), 1);
        QVERIFY(t.sessions()->at(0)->handshake()->isComplete());
        QCOMPARE(t.traffic()->rowCount(), m_frames);
        // The chat shows the messages, not the extension's acknowledgements.
        QCOMPARE(t.chat()->rowCount(), 3);
        int second = -1;
        for (int r = 0; r < 3; ++r)
            if (t.chat()->message(r).text == QStringLiteral("second"))
                second = r;
        QVERIFY(second >= 0);
        QVERIFY(t.chat()->message(second).outgoing);
        QCOMPARE(t.chat()->message(second).format, payload::Format::Msgpack);
    }

    void roomTranscriptHoldsEveryMember() {
        auto data = transcript::read(transcript::write(*m_room));
        QVERIFY(data);
        QCOMPARE(data->kind, QStringLiteral("room"));
        QCOMPARE(data->sessions.size(), size_t(1));
        QCOMPARE(data->sessions.front().info.role, Role::Server);
        QCOMPARE(data->framePeers.size(), data->frames.size());
        QVERIFY(!data->frames.empty());
        QCOMPARE(data->framePeers.front(),
                 theme::shortFingerprint(m_client->socket()->localPublicKey()));
    }

    void refusesOtherFiles_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("not json") << QByteArray("not json");
        QTest::newRow("other json") << QByteArray(R"({"format":"something-else"})");
        QTest::newRow("future version")
            << QByteArray(R"({"format":"sws-desktop-transcript","formatVersion":99})");
    }
    void refusesOtherFiles() {
        QFETCH(QByteArray, bytes);
        QVERIFY(!transcript::read(bytes));
    }
};

QTEST_MAIN(tst_Transcript)
#include "tst_transcript.moc"
