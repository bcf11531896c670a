#include "inspector/transcriptconnection.h"

#include "chat/chatframes.h"
#include "chat/chatmodel.h"

#include <QFileInfo>

namespace sws::ui {

TranscriptConnection::TranscriptConnection(transcript::Data data, const QString &fileName,
                                           QObject *parent)
    : Connection(Kind::Transcript,
                 tr("%1 (transcript)")
                     .arg(data.title.isEmpty() ? QFileInfo(fileName).fileName() : data.title),
                 parent)
    , m_address(data.address)
    , m_fileName(fileName)
    , m_exportedAt(data.exportedAt)
    , m_total(data.totalFrames) {
    for (const transcript::Session &s : data.sessions) {
        SessionTracker *t = addSession();
        t->restore(s.info);
        t->handshake()->restore(s.info.role, s.info.version, s.startMs, s.steps);
    }
    traffic()->setMaxFrames(
        std::max<int>(traffic()->maxFrames(), static_cast<int>(data.frames.size())));
    for (size_t i = 0; i < data.frames.size(); ++i) {
        TrafficModel::Row row = data.frames[i];
        const QString &peer = data.framePeers[i];
        row.peer = traffic()->peerIndex(peer);
        // Acknowledgements of the chat extension are frames, not chat messages.
        const std::optional<QString> text =
            row.opened ? chatframes::chatText(row.plainPreview) : tr("(failed to authenticate)");
        if (text) {
            ChatModel::Message m;
            m.sender = row.sent ? tr("you") : (peer.isEmpty() ? tr("peer") : peer);
            m.outgoing = row.sent;
            m.timeMs = row.timeMs;
            m.format = row.format;
            m.text = *text;
            m.state = row.sent ? ChatModel::MessageState::Sent : ChatModel::MessageState::Received;
            m.bytes = row.plainBytes;
            chat()->addRendered(std::move(m));
        }
        traffic()->enqueueRow(std::move(row));
    }
    traffic()->flush();
}

QString TranscriptConnection::statusText() const {
    return tr("Read-only transcript %1 · exported %2 · %3 stored")
        .arg(QFileInfo(m_fileName).fileName(), m_exportedAt,
             theme::count(traffic()->rowCount(), tr("frame"), tr("frames")));
}

} // namespace sws::ui
