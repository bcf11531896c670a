#pragma once

#include <QDialog>

class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QPushButton;
class QVBoxLayout;

namespace sws::ui {

// What every dialog shares (Quaternion's Dialog): a form, an inline
// status line that says what is wrong while the person types, an OK button enabled only for
// valid input, and apply() — the only place that writes — run when OK is pressed. If apply()
// fails (a wrong passphrase, a file that appeared meanwhile) the dialog stays open with the
// reason.
class DialogBase : public QDialog {
    Q_OBJECT
public:
    explicit DialogBase(const QString &title, QWidget *parent = nullptr);

    QLabel *statusLine() const { return m_status; }
    QPushButton *okButton() const;
    QString statusText() const;
    bool statusIsError() const { return m_statusIsError; }

    void accept() override;

public Q_SLOTS:
    // Re-checks the input: updates the status line and the OK button. True when valid.
    bool revalidate();

protected:
    QFormLayout *form() const { return m_form; }
    QVBoxLayout *body() const { return m_body; } // below the form: tables, notes
    QDialogButtonBox *buttons() const { return m_buttons; }

    // Checks the input without side effects; false with a reason shown in the status line.
    virtual bool validate(QString *error) const = 0;
    // Writes what the dialog is for; only called after validate() succeeded.
    virtual bool apply(QString *error) = 0;
    // The status line's text for valid input.
    virtual QString readyText() const;

    void setStatus(const QString &text, bool isError);
    // Tab follows the layout (rows top to bottom, left to right in a row, OK and Cancel last),
    // whatever order the widgets were created in; done on the first show.
    void showEvent(QShowEvent *e) override;
    // Revalidates whenever the widget's signal fires (textChanged, valueChanged, ...).
    template <typename W, typename Signal> void watch(W *widget, Signal signal) {
        connect(widget, signal, this, [this] {
            m_touched = true;
            revalidate();
        });
    }

private:
    QFormLayout *m_form;
    QVBoxLayout *m_body;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
    bool m_touched = false;
    bool m_tabOrderSet = false;
    bool m_statusIsError = false;
};

} // namespace sws::ui
