#include "dialogs/dialogbase.h"

#include "window/theme.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace sws::ui {

namespace {

// The widgets of a layout in reading order: a form row by row (label, field), a box in its
// direction, a grid row by row; a widget without focus of its own is entered through its layout.
void collect(QLayout *layout, QList<QWidget *> *out);

void collectItem(QLayoutItem *item, QList<QWidget *> *out) {
    if (!item)
        return;
    if (QLayout *l = item->layout()) {
        collect(l, out);
    } else if (QWidget *w = item->widget()) {
        if (w->focusPolicy() & Qt::TabFocus)
            out->append(w);
        else if (w->layout())
            collect(w->layout(), out);
    }
}

void collect(QLayout *layout, QList<QWidget *> *out) {
    if (auto *form = qobject_cast<QFormLayout *>(layout)) {
        for (int row = 0; row < form->rowCount(); ++row)
            for (auto role :
                 {QFormLayout::LabelRole, QFormLayout::FieldRole, QFormLayout::SpanningRole})
                collectItem(form->itemAt(row, role), out);
        return;
    }
    if (auto *grid = qobject_cast<QGridLayout *>(layout)) {
        for (int row = 0; row < grid->rowCount(); ++row)
            for (int col = 0; col < grid->columnCount(); ++col) {
                QLayoutItem *item = grid->itemAtPosition(row, col);
                int r = 0, c = 0, rs = 0, cs = 0;
                // A spanning item once, at its top-left cell.
                if (item) {
                    grid->getItemPosition(grid->indexOf(item), &r, &c, &rs, &cs);
                    if (r == row && c == col)
                        collectItem(item, out);
                }
            }
        return;
    }
    for (int i = 0; i < layout->count(); ++i)
        collectItem(layout->itemAt(i), out);
}

} // namespace

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

void DialogBase::showEvent(QShowEvent *e) {
    if (!m_tabOrderSet && layout()) {
        m_tabOrderSet = true;
        QList<QWidget *> order;
        collect(layout(), &order);
        for (int i = 1; i < order.size(); ++i)
            QWidget::setTabOrder(order.at(i - 1), order.at(i));
        // A form starts in its first field (QDialog may have picked OK before the reorder).
        QWidget *focus = focusWidget();
        if (!order.isEmpty() && (!focus || m_buttons->isAncestorOf(focus)))
            order.first()->setFocus(Qt::TabFocusReason);
    }
    QDialog::showEvent(e);
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
