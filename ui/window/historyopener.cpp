#include "window/historyopener.h"

#include "crypto/crypto.h"
#include "dialogs/passphrasedialog.h"
#include "history/historykey.h"

#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>

namespace sws::ui {

namespace {

// The passphrase dialog, remembering whether the person cancelled it.
class AskingProvider : public PassphraseProvider {
public:
    explicit AskingProvider(QWidget *parent)
        : m_dialogs(parent) {}
    Expected<SecretBuffer, QString> passphrase(const PassphraseRequest &request) override {
        auto p = m_dialogs.passphrase(request);
        m_cancelled = !p;
        return p;
    }
    bool cancelled() const { return m_cancelled; }

private:
    DialogPassphraseProvider m_dialogs;
    bool m_cancelled = false;
};

} // namespace

HistoryOpener::HistoryOpener(QString profileDir, QObject *parent)
    : QObject(parent)
    , m_dir(std::move(profileDir)) {}

HistoryOpener::~HistoryOpener() = default;

void HistoryOpener::start() {
    if (m_started)
        return;
    m_started = true;
    if (QFileInfo::exists(historykey::lockedKeyPath(m_dir))) {
        // Once the event loop runs: the window shows first, then the dialog over it.
        QTimer::singleShot(0, this, &HistoryOpener::unlock);
        return;
    }
    const QString account = historykey::keychainAccount(m_dir);
    historykey::OsKeychain().readAsync(
        account, this, [this, account](Expected<std::optional<SecretBuffer>, QString> read) {
            if (!read) {
                offerPassphrase(read.error());
                return;
            }
            if (*read) {
                if ((*read)->size() != HistoryStore::kKeyBytes) {
                    Q_EMIT failed(tr("the history key in the OS keychain has a wrong size"));
                    return;
                }
                open(**read);
                return;
            }
            // First start: a new key, kept in the keychain before anything is written with it.
            if (const QString why = historykey::cannotCreateReason(m_dir); !why.isEmpty()) {
                Q_EMIT failed(why);
                return;
            }
            auto key = std::make_shared<SecretBuffer>(randomSecret(HistoryStore::kKeyBytes));
            historykey::OsKeychain().writeAsync(account, *key, this,
                                                [this, key](Expected<bool, QString> written) {
                                                    if (!written)
                                                        offerPassphrase(written.error());
                                                    else
                                                        open(*key);
                                                });
        });
}

void HistoryOpener::unlock() {
    // The dialog says why it asks again after a wrong passphrase (historykey::load retries).
    AskingProvider dialogs(m_parent);
    auto loaded = historykey::load(m_dir, &dialogs, nullptr, false);
    if (!loaded) {
        Q_EMIT failed(dialogs.cancelled() ? tr("the history passphrase was not given")
                                          : loaded.error());
        return;
    }
    open(loaded->key);
}

void HistoryOpener::offerPassphrase(const QString &why) {
    // A database whose key the keychain kept: a passphrase cannot help, the keychain can.
    if (!historykey::cannotCreateReason(m_dir).isEmpty()) {
        Q_EMIT failed(why);
        return;
    }
    QMessageBox ask(QMessageBox::Question, tr("Keep conversations?"),
                    tr("No OS keychain can keep the key that encrypts your conversations on "
                       "this computer (%1).\n\nSet a history passphrase to keep them, encrypted "
                       "with it; the app asks for it at each start. Or go on without keeping "
                       "conversations this time.")
                        .arg(why),
                    QMessageBox::NoButton, m_parent);
    ask.setObjectName(QStringLiteral("historyPassphraseOffer"));
    QPushButton *set = ask.addButton(tr("&Set a passphrase…"), QMessageBox::AcceptRole);
    set->setObjectName(QStringLiteral("setHistoryPassphrase"));
    QPushButton *skip = ask.addButton(tr("&Not this time"), QMessageBox::RejectRole);
    skip->setObjectName(QStringLiteral("noHistoryThisTime"));
    ask.setDefaultButton(set);
    ask.setEscapeButton(skip);
    ask.exec();
    if (ask.clickedButton() != set) {
        Q_EMIT failed(tr("no OS keychain answers and no history passphrase is set"));
        return;
    }
    AskingProvider dialogs(m_parent);
    auto made = historykey::load(m_dir, nullptr, nullptr, true, &dialogs);
    if (!made) {
        Q_EMIT failed(dialogs.cancelled() ? tr("no history passphrase was set") : made.error());
        return;
    }
    open(made->key);
}

void HistoryOpener::open(const SecretBuffer &key) {
    auto store = HistoryStore::open(m_dir, key);
    if (!store) {
        Q_EMIT failed(store.error().message);
        return;
    }
    m_store = std::move(store).value();
    Q_EMIT ready(m_store.get());
}

} // namespace sws::ui
