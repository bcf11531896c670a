#pragma once

#include "cert/naclcert.h"
#include "crypto/expected.h"
#include "trust/endpoint.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

#include <functional>
#include <optional>

namespace sws {

// What the user trusts (docs/profile.md, trust.json): CAs that may sign peer certificates,
// each enabled or not (the reference's built-in root CA is always listed, disabled until the
// user enables it), and server keys pinned per endpoint ("host:port/path", endpointKey()).
class TrustStore {
public:
    struct TrustedCa {
        QString id; // caId(cert)
        cert::Certificate cert;
        bool enabled = true;
        bool builtIn = false; // cert::referenceRootCa(): cannot be removed, only disabled
        qint64 addedMs = 0;
    };
    struct Pin {
        QString endpoint; // endpointKey(), as PeerIdentity::endpoint
        QByteArray publicKey;
        bool verified = false; // the user compared fingerprints; cleared when the key changes
        qint64 addedMs = 0;
    };

    TrustStore(); // empty but for the built-in root CA (disabled); no file
    // Reads path; a missing file gives the empty store (which save() then creates).
    [[nodiscard]] static Expected<TrustStore, QString> load(const QString &path);
    // Reads the file again (another program may have changed it); on failure keeps what it has.
    [[nodiscard]] Expected<bool, QString> reload();
    // Writes the file (0600, atomically). A store without a path saves nothing.
    [[nodiscard]] Expected<QString, QString> save() const;
    // Changes the file without losing what other programs (the app, `sws pin`, `sws trust`)
    // wrote since it was read: holds trust.json.lock, reads the file again, applies change
    // and saves, so that two writers never undo each other. Returns what save() returns.
    [[nodiscard]] Expected<QString, QString>
    update(const std::function<void(TrustStore &)> &change);
    QString path() const { return m_path; }

    // ---- CAs ----
    const QList<TrustedCa> &cas() const { return m_cas; }
    // Adds a self-signed, valid CA certificate; returns its id. Refuses one already listed.
    [[nodiscard]] Expected<QString, QString> addCa(const cert::Certificate &ca, bool enabled,
                                                   qint64 nowMs);
    // Adds the CA enabled, or enables it when it is listed already; returns its id.
    [[nodiscard]] Expected<QString, QString> trustCa(const cert::Certificate &ca, qint64 nowMs);
    // Index of the CA with this id, a unique id prefix (4+ hex digits) or a unique CA name.
    [[nodiscard]] Expected<int, QString> findCa(const QString &idOrName) const;
    [[nodiscard]] Expected<QString, QString> removeCa(const QString &idOrName);
    [[nodiscard]] Expected<QString, QString> setCaEnabled(const QString &idOrName, bool enabled);
    // The enabled CAs that have not expired: what a version 2 session trusts.
    QList<cert::Certificate> enabledCas(qint64 nowMs) const;
    // 16 lower-case hex digits of the certificate's fingerprint.
    static QString caId(const cert::Certificate &ca);

    // ---- Pins ----
    const QList<Pin> &pins() const { return m_pins; }
    const Pin *pin(const QString &endpoint) const;
    // Pins key for endpoint, replacing a different key (verified is then as given, else kept).
    void setPin(const QString &endpoint, const QByteArray &publicKey, bool verified, qint64 nowMs);
    bool removePin(const QString &endpoint);
    bool setVerified(const QString &endpoint, bool verified);

    // "ws://Host:8080/chat", "host:8080/chat", "wss://host/" or "[::1]:9/" ->
    // "host:8080/chat", "host:443/", "::1:9/": endpointKey() of the URL (without a scheme, ws).
    // nullopt when it is not an endpoint.
    static std::optional<QString> normalizeEndpoint(const QString &text);

private:
    void ensureBuiltIn();
    [[nodiscard]] Expected<bool, QString> ensureDirectory() const;
    QString m_path;
    QList<TrustedCa> m_cas;
    QList<Pin> m_pins;
};

// Certificates and CAs near expiry are flagged in the UI and the CLI.
enum class ExpiryStatus { Valid, ExpiresSoon, Expired };
inline constexpr qint64 kExpiryWarningMs = 30LL * 24 * 3600 * 1000; // 30 days
ExpiryStatus expiryStatus(const cert::Certificate &cert, qint64 nowMs);
// "expires 2026-01-31 (in 12 days)", "expired 2025-01-01", "valid until 2030-05-01".
QString expiryText(const cert::Certificate &cert, qint64 nowMs);

} // namespace sws
