#pragma once

#include "dialogs/dialogbase.h"
#include "dialogs/formfields.h"
#include "profile/passphrase.h"

#include <QPointer>

class QLineEdit;

namespace sws::ui {

// Asks for one passphrase (to unlock a key) or a new one twice (to protect a key).
class PassphraseDialog : public DialogBase {
    Q_OBJECT
public:
    PassphraseDialog(const PassphraseRequest &request, QWidget *parent = nullptr);
    QLineEdit *passphraseEdit() const { return m_fields.first; }
    QLineEdit *repeatEdit() const { return m_fields.repeat; } // null when unlocking
    // The passphrase as UTF-8 bytes (after exec() returned Accepted).
    SecretBuffer take();

protected:
    bool validate(QString *error) const override;
    bool apply(QString *error) override;

private:
    PassphraseRequest m_request;
    PassphraseFields m_fields;
};

// The GUI's PassphraseProvider: a modal PassphraseDialog over parent.
class DialogPassphraseProvider : public PassphraseProvider {
public:
    explicit DialogPassphraseProvider(QWidget *parent)
        : m_parent(parent) {}
    Expected<SecretBuffer, QString> passphrase(const PassphraseRequest &request) override;
    void setParentWidget(QWidget *parent) { m_parent = parent; }

private:
    QPointer<QWidget> m_parent;
};

} // namespace sws::ui
