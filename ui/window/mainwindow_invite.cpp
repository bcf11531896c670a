// MainWindow and invitation links: Invite… for a hosted room, Join by invitation….
#include "connections/clientconnection.h"
#include "connections/hostedroom.h"
#include "crypto/crypto.h"
#include "dialogs/invitedialog.h"
#include "dialogs/joininvitationdialog.h"
#include "trust/endpoint.h"
#include "trust/invitation.h"
#include "trust/keydialogs.h"
#include "trust/pinningverifier.h"
#include "trust/trustservice.h"
#include "window/mainwindow.h"

#include <QDateTime>
#include <QMessageBox>
#include <QStatusBar>

namespace sws::ui {

namespace {

Invitation roomInvitation(const HostedRoom &room) {
    const RoomOptions &o = room.options();
    return serverInvitation(
        room.url(), o.server.session.version, room.server()->config().session.keyPair.publicKey,
        o.server.session.certificate, o.server.session.trustedCas, room.title());
}

} // namespace

void MainWindow::showInviteDialog() {
    auto *room = qobject_cast<HostedRoom *>(current());
    if (!room || room->state() != SessionState::Listening)
        return;
    auto *dlg = new InviteDialog(roomInvitation(*room), this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    dlg->open();
}

void MainWindow::showJoinInvitationDialog(const QString &link) {
    auto *dlg = new JoinInvitationDialog(this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    if (!link.isEmpty())
        dlg->setLink(link);
    connect(dlg, &QDialog::accepted, this, [this, dlg] {
        QString error;
        if (!joinInvitation(encode(dlg->invitation()), &error))
            QMessageBox::warning(this, tr("Join by invitation"), error);
    });
    dlg->open();
}

ClientConnection *MainWindow::joinInvitation(const QString &link, QString *error) {
    QString why;
    const auto fail = [&](const QString &text) -> ClientConnection * {
        statusBar()->showMessage(text, 10000);
        if (error)
            *error = text;
        return nullptr;
    };
    const auto decoded = decode(link);
    if (!decoded) {
        const QString s = invitationErrorString(decoded.error());
        return fail(s.left(1).toUpper() + s.mid(1) + QLatin1Char('.'));
    }
    const Invitation inv = *decoded;
    ClientOptions o;
    o.url = inv.url;
    o.title = inv.title;
    o.session.version = inv.version;
    o.session.keyPair = BoxKeyPair::generate();
    m_trust.refresh(); // the CLI or another window may have changed it
    const std::shared_ptr<const TrustStore> store = m_trust.snapshot();
    if (inv.version == 2) {
        // The link names the room's CA: only that one may vouch for the room's certificate.
        for (const cert::Certificate &ca : store->enabledCas(QDateTime::currentMSecsSinceEpoch()))
            if (inv.caFingerprint.isEmpty() || caFingerprintBytes(ca) == inv.caFingerprint)
                o.session.trustedCas << ca;
        if (o.session.trustedCas.isEmpty())
            return fail(tr("The room uses a CA (fingerprint %1) that is not among the enabled CAs "
                           "of your trust store. Ask the inviter for its certificate and add it "
                           "in Keys → Trust manager.")
                            .arg(QString::fromLatin1(inv.caFingerprint.toHex())));
    }
    // Whatever is pinned for the address and whatever the pin policy: the inviter named the key.
    o.session.verifier = std::make_shared<KnownKeyVerifier>(inv.serverKey);
    // Joined again at start like any server: the key is pinned as verified once secured.
    o.remember = true;
    ClientConnection *c = connectTo(std::move(o));
    SecureWebSocket *socket = c->socket();
    const QString endpoint = endpointKey(inv.url);
    connect(socket, &SecureWebSocket::secured, this, [this, endpoint, inv] {
        const QByteArray key = inv.serverKey;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const auto saved = m_trust.writeAndWait(
            [endpoint, key, now](TrustStore &s) { s.setPin(endpoint, key, true, now); });
        statusBar()->showMessage(
            saved ? tr("Joined by invitation: the room key %1 is pinned for %2 as verified.")
                        .arg(fingerprint(inv.serverKey), endpoint)
                  : tr("Joined, but the room key could not be pinned: %1").arg(saved.error()),
            10000);
    });
    QPointer<SecureWebSocket> guard(socket);
    connect(socket, &SecureWebSocket::errorOccurred, this, [this, guard, inv](SessionError e) {
        QString text;
        if (e == SessionError::PeerKeyChanged && guard) {
            text = tr("The server at %1 is not the room the invitation names, so the app refused "
                      "it before sending anything. Nothing was pinned.\n\n"
                      "Key in the invitation:\t%2\nKey the server showed:\t%3\n\n"
                      "Someone else may be answering at that address, or the room was hosted "
                      "again with a new key: ask the inviter for a new link.")
                       .arg(inv.url.toDisplayString(), fingerprint(inv.serverKey),
                            fingerprint(guard->peerPublicKey()));
        } else if (e == SessionError::ConnectionFailed) {
            text = tr("Cannot reach %1, the address in the invitation. The room may be closed, "
                      "or the address only works on the inviter's network: ask for a link with "
                      "an address you can reach.")
                       .arg(inv.url.authority());
        } else {
            return;
        }
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Join by invitation"), text,
                                    QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("inviteRefused"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    return c;
}

} // namespace sws::ui
