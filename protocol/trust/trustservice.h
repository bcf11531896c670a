#pragma once

#include "crypto/expected.h"
#include "profile/profile.h"
#include "trust/truststore.h"

#include <QObject>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace sws {

// The profile and its trust store for one program: made by main (the desktop app, one
// `sws connect`) and handed to what needs it (dialogs, pin verifiers); tests make their own.
//
// Decisions read snapshot(): the store in memory, no file access and no file lock. write()
// applies a change to the snapshot at once (a second session sees a new pin immediately) and
// queues it for trust.json, which a worker thread owned by the service writes, one change after
// another, each a locked read-modify-write (TrustStore::update): neither the GUI thread nor a
// socket callback ever waits for another program holding trust.json.lock. The destructor waits
// for the changes still queued, so a program that exits right away still saves its pins.
class TrustService : public QObject {
    Q_OBJECT
public:
    // Applied to the snapshot, then to the file as it is when written, and again to the
    // snapshot while it is queued: it must capture by value and may run more than once.
    using Change = std::function<void(TrustStore &)>;

    // Reads the profile's trust.json; when it is unreadable, loadError() says why and the
    // service starts from the empty store (writes then fail: nothing overwrites the file).
    explicit TrustService(const Profile &profile, QObject *parent = nullptr);
    ~TrustService() override; // waits for the queued writes

    const Profile &profile() const { return m_profile; }
    QString loadError() const { return m_loadError; }

    // The store as this program knows it: the file as last read or written, with the queued
    // changes applied. Cheap (a shared pointer); never touches the file.
    std::shared_ptr<const TrustStore> snapshot() const;
    // Reads trust.json again (without its lock: it is replaced atomically), to see what other
    // programs wrote; queued changes stay applied. For the start of a session or a dialog.
    void refresh();
    // Applies change to the snapshot now and queues it for the file; returns at once. A write
    // that fails is reported with writeFailed().
    void write(Change change);
    // As write(), then waits until it is written: for a dialog that reports the error itself.
    [[nodiscard]] Expected<QString, QString> writeAndWait(Change change);
    // Waits until every queued change is written (or has failed).
    void flush();

Q_SIGNALS:
    // Emitted from the worker thread; the error names the file.
    void writeFailed(const QString &error);

private:
    using Result = std::shared_ptr<std::optional<Expected<QString, QString>>>;
    struct Job {
        quint64 seq = 0;
        Change change;
        Result result; // for writeAndWait()
    };
    quint64 enqueue(Change change, Result result); // with m_mutex held; returns its seq
    void run();
    void rebuildSnapshot(); // with m_mutex held

    const Profile m_profile;
    QString m_loadError;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake; // work queued, or stopping
    std::condition_variable m_done; // a job finished
    TrustStore m_file;              // the file as last read or written
    quint64 m_fileGeneration = 0;   // counts writes into m_file by the worker
    std::shared_ptr<const TrustStore> m_snapshot;
    std::deque<Job> m_queue; // the front one is being written
    quint64 m_queued = 0;
    quint64 m_finished = 0;
    bool m_stopping = false;
    std::thread m_worker;
};

} // namespace sws
