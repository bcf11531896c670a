#include "window/historyopener.h"

#include "crypto/crypto.h"
#include "history/historykey.h"

#include <QFileInfo>

namespace sws::ui {

HistoryOpener::HistoryOpener(QString profileDir, QObject *parent)
    : QObject(parent)
    , m_dir(std::move(profileDir)) {}

HistoryOpener::~HistoryOpener() = default;

void HistoryOpener::start() {
    if (m_started)
        return;
    m_started = true;
    if (QFileInfo::exists(historykey::lockedKeyPath(m_dir))) {
        Q_EMIT failed(tr("the history is protected by a passphrase; 'sws history' reads it"));
        return;
    }
    const QString account = historykey::keychainAccount(m_dir);
    historykey::OsKeychain().readAsync(
        account, this, [this, account](Expected<std::optional<SecretBuffer>, QString> read) {
            if (!read) {
                Q_EMIT failed(read.error());
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
                                                        Q_EMIT failed(written.error());
                                                    else
                                                        open(*key);
                                                });
        });
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
