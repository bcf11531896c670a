#include "dialogs/formfields.h"

#include "profile/passphrase.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>

namespace sws::ui {

PathField::PathField(Mode mode, const QString &placeholder, QWidget *parent)
    : QWidget(parent)
    , m_mode(mode)
    , m_edit(new QLineEdit(this))
    , m_browse(new QToolButton(this)) {
    m_edit->setPlaceholderText(placeholder);
    m_edit->setClearButtonEnabled(true);
    m_browse->setText(QStringLiteral("…"));
    m_browse->setToolTip(tr("Choose a file"));
    m_browse->setAccessibleName(tr("Choose a file"));
    // The form's label names the field; its shortcut and Tab land in the text.
    setFocusProxy(m_edit);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_browse);
    connect(m_edit, &QLineEdit::textChanged, this, &PathField::pathChanged);
    connect(m_browse, &QToolButton::clicked, this, [this] {
        const QString start = path().isEmpty() ? QString() : QFileInfo(path()).absolutePath();
        const QString filter = tr("JSON files (*.json);;All files (*)");
        const QString f =
            m_mode == Mode::Open
                ? QFileDialog::getOpenFileName(this, tr("Choose a file"), start, filter)
                : QFileDialog::getSaveFileName(this, tr("Save as"), start, filter);
        if (!f.isEmpty())
            setPath(f);
    });
}

void PathField::showEvent(QShowEvent *e) {
    // The form's label (its buddy is this container) is what a screen reader should say for
    // the text field; the placeholder when there is no label.
    QString name;
    if (QWidget *p = parentWidget())
        for (QLabel *label : p->findChildren<QLabel *>(Qt::FindDirectChildrenOnly))
            if (label->buddy() == this)
                name = label->text().remove(QLatin1Char('&')).remove(QLatin1Char(':')).trimmed();
    if (name.isEmpty())
        name = m_edit->placeholderText();
    m_edit->setAccessibleName(name);
    m_browse->setAccessibleDescription(tr("Opens a file chooser for %1").arg(name));
    QWidget::showEvent(e);
}

QString PathField::path() const {
    return m_edit->text().trimmed();
}

void PathField::setPath(const QString &p) {
    m_edit->setText(p);
}

void PassphraseFields::addTo(QFormLayout *form, QWidget *parent, const QString &label) {
    first = new QLineEdit(parent);
    first->setObjectName(QStringLiteral("passphrase"));
    first->setEchoMode(QLineEdit::Password);
    first->setPlaceholderText(QObject::tr("leave empty to store the key unprotected"));
    repeat = new QLineEdit(parent);
    repeat->setObjectName(QStringLiteral("passphraseRepeat"));
    repeat->setEchoMode(QLineEdit::Password);
    form->addRow(label, first);
    form->addRow(QObject::tr("Repeat passphrase:"), repeat);
}

bool PassphraseFields::isSet() const {
    return !first->text().isEmpty() || !repeat->text().isEmpty();
}

bool PassphraseFields::check(QString *error) const {
    if (!isSet())
        return true;
    if (first->text().toUcs4().size() < kMinPassphraseChars) {
        *error =
            QObject::tr("The passphrase needs at least %1 characters.").arg(kMinPassphraseChars);
        return false;
    }
    if (first->text() != repeat->text()) {
        *error = QObject::tr("The two passphrases differ.");
        return false;
    }
    return true;
}

QString PassphraseFields::text() const {
    return first->text();
}

} // namespace sws::ui
