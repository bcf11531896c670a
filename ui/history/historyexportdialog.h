#pragma once

#include "dialogs/dialogbase.h"
#include "dialogs/formfields.h"
#include "history/historystore.h"

class QComboBox;

namespace sws::ui {

// History → Export conversation…: one conversation of the history store as JSON or text
// (HistoryStore::exportConversation), written atomically (QSaveFile) with mode 0600, since the
// file holds the messages in plain text; the dialog says so.
class HistoryExportDialog : public DialogBase {
    Q_OBJECT
public:
    // store must outlive the dialog; selected: the conversation chosen first (0: the latest).
    HistoryExportDialog(HistoryStore *store, qint64 selected, QWidget *parent = nullptr);
    QComboBox *conversationCombo() const { return m_conversation; }
    QComboBox *formatCombo() const { return m_format; }
    PathField *outField() const { return m_out; }

    // The export itself: the whole file or nothing, 0600 whatever the umask.
    static bool write(HistoryStore *store, qint64 conversation, HistoryStore::ExportFormat format,
                      const QString &path, QString *error);
    static QString conversationLabel(const HistoryStore::Conversation &c);

Q_SIGNALS:
    void exported(const QString &path);

protected:
    bool validate(QString *error) const override;
    bool apply(QString *error) override;
    QString readyText() const override;

private:
    HistoryStore *m_store;
    QComboBox *m_conversation;
    QComboBox *m_format;
    PathField *m_out;
    QString m_loadError;
};

} // namespace sws::ui
