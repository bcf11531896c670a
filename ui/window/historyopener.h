#pragma once

#include "history/historystore.h"

#include <QObject>
#include <QString>

#include <memory>

namespace sws::ui {

// The app's history store. The key comes from the OS keychain through asynchronous jobs on
// this object's thread (a keychain may take seconds or ask the user; the window goes on
// meanwhile), then the store is opened here; the first start makes the key and keeps it in the
// keychain. A profile whose history key is wrapped by a passphrase is not unlocked by the app
// yet: failed() says so, as it says why when there is no keychain. Never a history without
// encryption. Lives longer than the window it serves (main makes it first).
class HistoryOpener : public QObject {
    Q_OBJECT
public:
    explicit HistoryOpener(QString profileDir, QObject *parent = nullptr);
    ~HistoryOpener() override;

    void start();
    HistoryStore *store() const { return m_store.get(); }

Q_SIGNALS:
    void ready(HistoryStore *store);
    void failed(const QString &why);

private:
    void open(const SecretBuffer &key);

    QString m_dir;
    bool m_started = false;
    std::unique_ptr<HistoryStore> m_store;
};

} // namespace sws::ui
