#include "dialogbase.h"

#include "theme.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace sws::ui {

DialogBase::DialogBase(const QString &title, QWidget *parent)
    : QDialog(parent)
    , m_form(new QFormLayout)
    , m_status(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setWindowTitle(title);
    m_status->setObjectName(QStringLiteral("statusLine"));
    m_status->setWordWrap(true);
    m_status->setMinimumHeight(m_status->fontMetrics().height() * 2);
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &DialogBase::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &DialogBase::reject);
    setMinimumWidth(560);
}

QPushButton *DialogBase::okButton() const {
    return m_buttons->button(QDialogButtonBox::Ok);
}

void DialogBase::setStatus(const QString &text, bool isError) {
    m_status->setText(text);
    m_status->setStyleSheet(
        QStringLiteral("color: %1;")
            .arg(theme::color(isError ? theme::Tone::Bad : theme::Tone::Neutral).name()));
}

void DialogBase::accept() {
    QString error;
    if (!validate(&error)) {
        setStatus(error, true);
        return;
    }
    QDialog::accept();
}

} // namespace sws::ui
