#include "trust/trustservice.h"

namespace sws {

TrustService::TrustService(const Profile &profile, QObject *parent)
    : QObject(parent)
    , m_profile(profile) {
    auto loaded = TrustStore::load(m_profile.trustStorePath());
    if (loaded)
        m_file = std::move(loaded).value();
    else
        m_loadError = loaded.error(); // m_file has no path: update() saves nothing over it
    m_snapshot = std::make_shared<const TrustStore>(m_file);
    m_worker = std::thread([this] { run(); });
}

TrustService::~TrustService() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_worker.join();
}

std::shared_ptr<const TrustStore> TrustService::snapshot() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_snapshot;
}

void TrustService::refresh() {
    if (!m_loadError.isEmpty())
        return; // an unreadable file stays unread
    quint64 generation = 0;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        generation = m_fileGeneration;
    }
    auto fresh = TrustStore::load(m_profile.trustStorePath());
    if (!fresh)
        return; // keep what we have
    std::lock_guard<std::mutex> lock(m_mutex);
    // A write finished meanwhile: its reading of the file is at least as new as ours.
    if (generation != m_fileGeneration)
        return;
    m_file = std::move(fresh).value();
    rebuildSnapshot();
}

quint64 TrustService::enqueue(Change change, Result result) {
    auto next = std::make_shared<TrustStore>(*m_snapshot);
    change(*next);
    m_snapshot = std::move(next);
    m_queue.push_back(Job{++m_queued, std::move(change), std::move(result)});
    return m_queued;
}

void TrustService::write(Change change) {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        (void)enqueue(std::move(change), nullptr);
    }
    m_wake.notify_all();
}

Expected<QString, QString> TrustService::writeAndWait(Change change) {
    auto result = std::make_shared<std::optional<Expected<QString, QString>>>();
    std::unique_lock<std::mutex> lock(m_mutex);
    const quint64 seq = enqueue(std::move(change), result);
    lock.unlock();
    m_wake.notify_all();
    lock.lock();
    m_done.wait(lock, [&] { return m_finished >= seq; });
    return **result;
}

void TrustService::flush() {
    std::unique_lock<std::mutex> lock(m_mutex);
    const quint64 seq = m_queued;
    m_done.wait(lock, [&] { return m_finished >= seq; });
}

void TrustService::rebuildSnapshot() {
    auto next = std::make_shared<TrustStore>(m_file);
    for (const Job &job : m_queue)
        job.change(*next);
    m_snapshot = std::move(next);
}

void TrustService::run() {
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
        if (m_queue.empty())
            return;                      // stopping, and everything is written
        const Job job = m_queue.front(); // stays queued (applied to the snapshot) until written
        TrustStore disk = m_file;
        lock.unlock();
        // Waits for trust.json.lock (up to its timeout) here, on this thread only. An
        // unreadable file is left as it is.
        Expected<QString, QString> saved =
            m_loadError.isEmpty() ? disk.update(job.change)
                                  : Expected<QString, QString>(unexpected(m_loadError));
        lock.lock();
        m_queue.pop_front();
        if (saved) {
            m_file = std::move(disk);
            ++m_fileGeneration;
        }
        rebuildSnapshot(); // a failed change is dropped, as the file does not hold it
        if (job.result)
            job.result->emplace(saved);
        m_finished = job.seq;
        lock.unlock();
        m_done.notify_all();
        if (!saved)
            Q_EMIT writeFailed(saved.error());
        lock.lock();
    }
}

} // namespace sws
