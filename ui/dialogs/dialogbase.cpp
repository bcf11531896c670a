#include "dialogs/dialogbase.h"

#include "window/theme.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace sws::ui {

DialogBase::DialogBase(const QString &title, QWidget *parent)
    : QDialog(parent)
    , m_form(new QFormLayout)
    , m_body(new QVBoxLayout)
    , m_status(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setWindowTitle(title);
    m_status->setObjectName(QStringLiteral("statusLine"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setMinimumHeight(m_status->fontMetrics().height() * 2);
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addLayout(m_body, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &DialogBase::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &DialogBase::reject);
    setMinimumWidth(520);
}

QPushButton *DialogBase::okButton() const {
    return m_buttons->button(QDialogButtonBox::Ok);
}

QString DialogBase::statusText() const {
    return m_status->text();
}

QString DialogBase::readyText() const {
    return tr("Ready.");
}

void DialogBase::setStatus(const QString &text, bool isError) {
    m_statusIsError = isError;
    m_status->setText(text);
    m_status->setStyleSheet(
        QStringLiteral("color: %1;")
            .arg(theme::color(isError ? theme::Tone::Bad : theme::Tone::Neutral).name()));
}

bool DialogBase::revalidate() {
    QString error;
    const bool ok = validate(&error);
    // Before the first edit a missing field is a hint, not an error.
    setStatus(ok ? readyText() : error, !ok && m_touched);
    if (QPushButton *button = okButton())
        button->setEnabled(ok);
    return ok;
}

void DialogBase::accept() {
    m_touched = true;
    if (!revalidate())
        return;
    QString error;
    if (!apply(&error)) {
        setStatus(error, true);
        return;
    }
    QDialog::accept();
}

} // namespace sws::ui
