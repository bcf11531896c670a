#pragma once

#include <QWidget>

class QFormLayout;
class QLineEdit;
class QToolButton;

namespace sws::ui {

// A file path with a "…" button: an existing file to read, or a new file to write.
class PathField : public QWidget {
    Q_OBJECT
public:
    enum class Mode { Open, Save };
    PathField(Mode mode, const QString &placeholder, QWidget *parent = nullptr);
    QString path() const;
    void setPath(const QString &path);
    QLineEdit *lineEdit() const { return m_edit; }

Q_SIGNALS:
    void pathChanged(const QString &path);

protected:
    void showEvent(QShowEvent *e) override;

private:
    Mode m_mode;
    QLineEdit *m_edit;
    QToolButton *m_browse;
};

// Two password fields and the rule they follow, shared by the dialogs that protect a key.
struct PassphraseFields {
    QLineEdit *first = nullptr;
    QLineEdit *repeat = nullptr;
    // Adds both rows to form; empty fields mean "no passphrase".
    void addTo(QFormLayout *form, QWidget *parent, const QString &label);
    bool isSet() const;
    // False with a reason when one is given but too short or the two differ.
    bool check(QString *error) const;
    QString text() const;
};

} // namespace sws::ui
