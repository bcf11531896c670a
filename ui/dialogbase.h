#pragma once

#include <QDialog>

class QFormLayout;
class QLabel;
class QDialogButtonBox;
class QPushButton;

namespace sws::ui {

// What the Host and Connect dialogs share: a form, an inline status line, and an OK that
// first validates (loading the files the form names) and stays open with the reason on failure.
class DialogBase : public QDialog {
    Q_OBJECT
public:
    DialogBase(const QString &title, QWidget *parent = nullptr);
    QLabel *statusLine() const { return m_status; }
    QPushButton *okButton() const;
    void accept() override;

protected:
    QFormLayout *form() const { return m_form; }
    // Checks the inputs and loads what they name into the dialog's result. False with a reason
    // keeps the dialog open.
    virtual bool validate(QString *error) = 0;
    void setStatus(const QString &text, bool isError);

private:
    QFormLayout *m_form;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
};

} // namespace sws::ui
