#pragma once

#include "history/historystore.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>

class QWidget;

namespace sws::ui {

// The app's history store. The key comes from the OS keychain through asynchronous jobs on
// this object's thread (a keychain may take seconds or ask the user; the window goes on
// meanwhile), then the store is opened here; the first start makes the key and keeps it in the
// keychain. A history key wrapped by a passphrase (historykey.h) is unlocked with the
// passphrase dialog once the event loop runs: a wrong passphrase says so and asks again,
// Cancel leaves the history off for this run. When no keychain answers (or cannot keep a new
// key) and there is no passphrase-wrapped key, the person is asked to set a history passphrase
// or to go on without keeping conversations this time. Never a history without encryption:
// failed() says why there is none. Lives longer than the window it serves (main makes it
// first).
class HistoryOpener : public QObject {
    Q_OBJECT
public:
    explicit HistoryOpener(QString profileDir, QObject *parent = nullptr);
    ~HistoryOpener() override;

    // Dialogs (passphrase, the offer to set one) open over parent (the window).
    void setDialogParent(QWidget *parent) { m_parent = parent; }
    void start();
    HistoryStore *store() const { return m_store.get(); }

Q_SIGNALS:
    void ready(HistoryStore *store);
    void failed(const QString &why);

private:
    void unlock();
    // No keychain to keep the key in (why): offers a passphrase instead.
    void offerPassphrase(const QString &why);
    void open(const SecretBuffer &key);

    QString m_dir;
    QPointer<QWidget> m_parent;
    bool m_started = false;
    std::unique_ptr<HistoryStore> m_store;
};

} // namespace sws::ui
