#pragma once

#include "cert/naclcert.h"
#include "crypto/crypto.h"
#include "crypto/expected.h"
#include "profile/profile.h"

#include <QHostAddress>
#include <QUrl>

namespace sws {

// The profile CA (cas/NAME/) that issues an intercepting proxy's certificates. Clients must
// trust it explicitly; nothing trusts it implicitly.
inline const QString kInspectionCaName = QStringLiteral("sws-proxy-inspection");

// What a version 2 proxy shows its clients: a fresh key pair and a certificate for it, issued by
// the inspection CA, naming the upstream URL's host and (unless a wildcard) the listen address.
struct InspectionIdentity {
    BoxKeyPair keyPair;
    cert::Certificate certificate;
    cert::Certificate caCert;
    QString caCertPath; // in the profile, in the format `sws cert genca` writes
    QStringList names, ips;
};

// Makes the profile's inspection CA on first use (its key unprotected: a proxy runs
// unattended), then issues the identity, valid 90 days (or until the CA expires).
[[nodiscard]] Expected<InspectionIdentity, QString>
issueInspectionIdentity(const Profile &profile, const QUrl &upstream, const QHostAddress &listen,
                        qint64 nowMs);

} // namespace sws
