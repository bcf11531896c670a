#include "history/historyexportdialog.h"

#include "window/theme.h"

#include <QComboBox>
#include <QDateTime>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QSaveFile>
#include <QVBoxLayout>

namespace sws::ui {

HistoryExportDialog::HistoryExportDialog(HistoryStore *store, qint64 selected, QWidget *parent)
    : DialogBase(tr("Export conversation"), parent)
    , m_store(store)
    , m_conversation(new QComboBox(this))
    , m_format(new QComboBox(this))
    , m_out(new PathField(PathField::Mode::Save, tr("where to write"), this)) {
    setObjectName(QStringLiteral("historyExportDialog"));
    m_conversation->setObjectName(QStringLiteral("conversation"));
    m_format->setObjectName(QStringLiteral("format"));
    m_out->setObjectName(QStringLiteral("out"));
    if (auto convs = m_store->conversations()) {
        for (const HistoryStore::Conversation &c : std::as_const(*convs))
            m_conversation->addItem(conversationLabel(c), c.id);
    } else {
        m_loadError = tr("The history cannot be read: %1").arg(convs.error().message);
    }
    if (const int i = m_conversation->findData(selected); i >= 0)
        m_conversation->setCurrentIndex(i);
    m_format->addItem(tr("JSON"), static_cast<int>(HistoryStore::ExportFormat::Json));
    m_format->addItem(tr("Text, one message a line"),
                      static_cast<int>(HistoryStore::ExportFormat::Text));
    form()->addRow(tr("Conversation:"), m_conversation);
    form()->addRow(tr("Format:"), m_format);
    form()->addRow(tr("To file:"), m_out);
    auto *note = new QLabel(tr("The file holds the messages in plain text, not encrypted: it is "
                               "written readable by you only (mode 0600). Keep it safe."),
                            this);
    note->setWordWrap(true);
    note->setObjectName(QStringLiteral("plaintextNote"));
    body()->addWidget(note);
    watch(m_conversation, &QComboBox::currentIndexChanged);
    watch(m_out, &PathField::pathChanged);
    revalidate();
}

QString HistoryExportDialog::conversationLabel(const HistoryStore::Conversation &c) {
    const QString name =
        !c.title.isEmpty() ? c.title
        : c.kind == HistoryStore::Kind::Room
            ? c.room
            : tr("contact %1").arg(QString::fromLatin1(c.peerKey.toHex().left(16)));
    return tr("%1 (%2)").arg(name, theme::count(c.count, tr("message"), tr("messages")));
}

bool HistoryExportDialog::validate(QString *error) const {
    if (!m_loadError.isEmpty()) {
        *error = m_loadError;
        return false;
    }
    if (m_conversation->currentIndex() < 0) {
        *error = tr("The history holds no conversation.");
        return false;
    }
    const QFileInfo out(m_out->path());
    if (m_out->path().isEmpty()) {
        *error = tr("Choose the file to write.");
        return false;
    }
    if (out.isDir()) {
        *error = tr("That is a folder: choose a file name.");
        return false;
    }
    return true;
}

QString HistoryExportDialog::readyText() const {
    return tr("Ready to write %1.").arg(QFileInfo(m_out->path()).fileName());
}

bool HistoryExportDialog::apply(QString *error) {
    const auto format = static_cast<HistoryStore::ExportFormat>(m_format->currentData().toInt());
    if (!write(m_store, m_conversation->currentData().toLongLong(), format, m_out->path(), error))
        return false;
    Q_EMIT exported(m_out->path());
    return true;
}

bool HistoryExportDialog::write(HistoryStore *store, qint64 conversation,
                                HistoryStore::ExportFormat format, const QString &path,
                                QString *error) {
    auto bytes = store->exportConversation(conversation, format);
    if (!bytes) {
        *error = tr("The history cannot be read: %1").arg(bytes.error().message);
        return false;
    }
    QSaveFile f(path);
    // Plaintext: owner-only before a single byte is written.
    if (!f.open(QIODevice::WriteOnly) ||
        !f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        f.write(*bytes) != bytes->size() || !f.commit()) {
        *error = tr("%1 cannot be written: %2").arg(path, f.errorString());
        f.cancelWriting();
        return false;
    }
    return true;
}

} // namespace sws::ui
