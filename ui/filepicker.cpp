#include "filepicker.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QToolButton>

namespace sws::ui {

FilePicker::FilePicker(const QString &placeholder, QWidget *parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_browse(new QToolButton(this)) {
    m_edit->setPlaceholderText(placeholder);
    m_edit->setClearButtonEnabled(true);
    m_browse->setText(QStringLiteral("…"));
    m_browse->setToolTip(tr("Choose a file"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_browse);
    connect(m_edit, &QLineEdit::textChanged, this, &FilePicker::pathChanged);
    connect(m_browse, &QToolButton::clicked, this, [this] {
        const QString start = path().isEmpty() ? QString() : QFileInfo(path()).absolutePath();
        const QString f = QFileDialog::getOpenFileName(
            this, tr("Choose a file"), start, tr("nacl-cert JSON (*.json);;All files (*)"));
        if (!f.isEmpty())
            setPath(f);
    });
}

QString FilePicker::path() const {
    return m_edit->text().trimmed();
}

void FilePicker::setPath(const QString &p) {
    m_edit->setText(p);
}

} // namespace sws::ui
