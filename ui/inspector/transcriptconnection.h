#pragma once

#include "connections/connection.h"
#include "inspector/transcript.h"

namespace sws::ui {

// A saved transcript opened read-only: its sessions in the inspector and peer panel, its frames
// in the traffic view, and the frames' plaintext previews as the chat.
class TranscriptConnection : public Connection {
    Q_OBJECT
public:
    TranscriptConnection(transcript::Data data, const QString &fileName, QObject *parent = nullptr);

    QString address() const override { return m_address; }
    SessionState state() const override { return SessionState::ReadOnly; }
    QString statusText() const override;
    QString fileName() const { return m_fileName; }

private:
    QString m_address;
    QString m_fileName;
    QString m_exportedAt;
    qint64 m_total = 0;
};

} // namespace sws::ui
