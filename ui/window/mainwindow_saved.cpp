// MainWindow and what it remembers: rooms and servers saved in the profile's settings, opened
// again at start; the demo room's key; the question before quitting with live rooms.
#include "connections/clientconnection.h"
#include "connections/connectionlistmodel.h"
#include "connections/hostedroom.h"
#include "dialogs/passphrasedialog.h"
#include "trust/keydialogs.h"
#include "trust/trustservice.h"
#include "window/appsettings.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QCheckBox>
#include <QCloseEvent>
#include <QListView>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QStatusBar>

Q_LOGGING_CATEGORY(lcSaved, "sws.ui.saved", QtWarningMsg)

namespace sws::ui {

namespace {

QString relayName(Room::Mode m) {
    switch (m) {
    case Room::Mode::Echo:
        return QStringLiteral("echo");
    case Room::Mode::None:
        return QStringLiteral("none");
    case Room::Mode::Chat:
        break;
    }
    return QStringLiteral("chat");
}

Room::Mode relayMode(const QString &name) {
    if (name == QLatin1String("echo"))
        return Room::Mode::Echo;
    if (name == QLatin1String("none"))
        return Room::Mode::None;
    return Room::Mode::Chat;
}

} // namespace

const char *const MainWindow::kDemoIdentity = "demo-room";

Expected<BoxKeyPair, QString> MainWindow::profileKey(const QString &name, bool create) {
    const Profile &profile = m_trust.profile();
    if (!profile.identity(name) && create) {
        BoxKeyPair kp = BoxKeyPair::generate();
        // Unprotected (0600, like `sws identity new` without a passphrase): the app opens it
        // at every start without asking.
        auto added = profile.addIdentity(name, kp, nullptr);
        if (!added)
            return unexpected(added.error());
        return kp;
    }
    DialogPassphraseProvider provider(this);
    return profile.unlockIdentity(name, &provider);
}

QList<cert::Certificate> MainWindow::profileCas(const QStringList &names, QString *error) const {
    QList<cert::Certificate> out;
    for (const QString &name : names) {
        auto ca = m_trust.profile().ca(name);
        if (!ca) {
            *error = ca.error();
            return {};
        }
        out << ca->cert;
    }
    return out;
}

HostedRoom *MainWindow::openSavedRoom(const SavedRoom &saved, QString *error) {
    RoomOptions o;
    o.title = saved.title;
    o.address = QHostAddress(saved.address);
    o.port = static_cast<quint16>(saved.port);
    o.server.path = saved.path;
    o.server.session.version = saved.version;
    o.server.session.requireCert = saved.version == 2 && saved.requireCert;
    o.relay = relayMode(saved.relay);
    o.identity = saved.identity;
    o.caNames = saved.cas;
    o.remember = true;
    auto kp = profileKey(saved.identity, false);
    if (!kp) {
        *error = kp.error();
        return nullptr;
    }
    o.server.session.keyPair = std::move(*kp);
    if (saved.version == 2) {
        auto id = m_trust.profile().identity(saved.identity);
        if (!id || !id->certificate) {
            *error = tr("identity %1 has no certificate for version 2").arg(saved.identity);
            return nullptr;
        }
        o.server.session.certificate = id->certificate;
        o.server.session.trustedCas = profileCas(saved.cas, error);
        if (o.server.session.trustedCas.size() != saved.cas.size())
            return nullptr;
    }
    HostedRoom *room = hostRoom(std::move(o));
    if (!room)
        *error = tr("cannot listen on %1:%2").arg(saved.address).arg(saved.port);
    return room;
}

ClientConnection *MainWindow::openSavedServer(const SavedServer &saved, QString *error) {
    ClientOptions o;
    o.url = QUrl(saved.url);
    o.title = saved.title;
    o.identity = saved.identity;
    o.caNames = saved.cas;
    o.remember = true;
    o.retryFirst = true;
    o.session.version = saved.version;
    if (saved.identity.isEmpty()) {
        o.session.keyPair = BoxKeyPair::generate();
    } else {
        auto kp = profileKey(saved.identity, false);
        if (!kp) {
            *error = kp.error();
            return nullptr;
        }
        o.session.keyPair = std::move(*kp);
        if (auto id = m_trust.profile().identity(saved.identity); id && saved.version == 2)
            o.session.certificate = id->certificate;
    }
    if (saved.version == 2) {
        o.session.trustedCas = profileCas(saved.cas, error);
        if (o.session.trustedCas.size() != saved.cas.size())
            return nullptr;
    }
    return joinServer(std::move(o));
}

ClientConnection *MainWindow::joinServer(ClientOptions options) {
    auto verifier = applyPeerTrust(m_trust, options.session); // pinned keys, policy ask
    ClientConnection *c = connectTo(std::move(options));
    if (!c)
        return nullptr;
    watchPeerTrust(c->socket(), verifier, this);
    connect(c, &ClientConnection::socketCreated, this,
            [this, verifier](SecureWebSocket *s) { watchPeerTrust(s, verifier, this); });
    return c;
}

void MainWindow::restoreSaved() {
    QStringList problems;
    for (const SavedRoom &r : m_settings->rooms()) {
        if (!r.openAtStart)
            continue;
        QString error;
        if (!openSavedRoom(r, &error))
            problems << tr("room %1: %2").arg(r.title, error);
    }
    for (const SavedServer &s : m_settings->servers()) {
        if (!s.openAtStart)
            continue;
        QString error;
        if (!openSavedServer(s, &error))
            problems << tr("%1: %2").arg(s.url, error);
    }
    if (!problems.isEmpty()) {
        qCWarning(lcSaved) << "not reopened:" << problems;
        statusBar()->showMessage(tr("Not reopened: %1").arg(problems.join(QStringLiteral("; "))),
                                 15000);
    }
}

void MainWindow::rememberRoom(HostedRoom *room) {
    const RoomOptions &o = room->options();
    if (!o.remember || o.identity.isEmpty())
        return;
    SavedRoom r;
    r.title = room->title();
    r.identity = o.identity;
    r.address = o.address.toString();
    r.port = room->server()->serverPort(); // "any free port" becomes this one
    r.path = o.server.path;
    r.version = o.server.session.version;
    r.cas = o.caNames;
    r.requireCert = o.server.session.requireCert;
    r.relay = relayName(o.relay);
    r.openAtStart = o.openAtStart;
    m_settings->saveRoom(r);
}

SavedServer MainWindow::savedServerFor(const ClientOptions &o) {
    SavedServer s;
    s.title = o.title;
    s.url = o.url.toString();
    s.identity = o.identity;
    s.version = o.session.version;
    s.cas = o.caNames;
    return s;
}

// Saved once secured: an address that never answers (a typo) is not joined at every start.
void MainWindow::rememberServer(ClientConnection *c, const SavedServer &saved) {
    auto *once = new QObject(c);
    connect(c, &Connection::changed, once, [this, c, saved, once] {
        if (c->state() != SessionState::Secured)
            return;
        SavedServer s = saved;
        if (const auto known = savedServer(c))
            s.openAtStart = known->openAtStart;
        m_settings->saveServer(s);
        updateActions();
        delete once; // disconnects: saves once
    });
}

std::optional<SavedRoom> MainWindow::savedRoom(HostedRoom *room) const {
    SavedRoom key;
    key.address = room->options().address.toString();
    key.port = room->server()->serverPort();
    for (const SavedRoom &r : m_settings->rooms())
        if (r.sameRoom(key))
            return r;
    return std::nullopt;
}

std::optional<SavedServer> MainWindow::savedServer(ClientConnection *c) const {
    for (const SavedServer &s : m_settings->servers())
        if (s.url == c->url().toString())
            return s;
    return std::nullopt;
}

std::optional<bool> MainWindow::opensAtStart(Connection *c) const {
    if (auto *room = qobject_cast<HostedRoom *>(c)) {
        if (const auto r = savedRoom(room))
            return r->openAtStart;
    } else if (auto *client = qobject_cast<ClientConnection *>(c)) {
        if (const auto s = savedServer(client))
            return s->openAtStart;
    }
    return std::nullopt;
}

void MainWindow::setOpensAtStart(Connection *c, bool open) {
    if (auto *room = qobject_cast<HostedRoom *>(c)) {
        if (auto r = savedRoom(room)) {
            r->openAtStart = open;
            m_settings->saveRoom(*r);
        }
    } else if (auto *client = qobject_cast<ClientConnection *>(c)) {
        if (auto s = savedServer(client)) {
            s->openAtStart = open;
            m_settings->saveServer(*s);
        }
    }
    updateActions();
}

void MainWindow::forget(Connection *c) {
    if (auto *room = qobject_cast<HostedRoom *>(c)) {
        if (const auto r = savedRoom(room))
            m_settings->forgetRoom(*r);
    } else if (auto *client = qobject_cast<ClientConnection *>(c)) {
        m_settings->forgetServer(client->url().toString());
    }
}

int MainWindow::liveRooms() const {
    int n = 0;
    for (int row = 0; row < m_connections->rowCount(); ++row)
        if (auto *room = qobject_cast<HostedRoom *>(m_connections->at(row)))
            n += room->state() == SessionState::Listening ? 1 : 0;
    return n;
}

// Quitting closes the rooms this app hosts, and their members lose them: ask first (unless
// turned off). Non-blocking, so that the window stays responsive and tests can answer it.
bool MainWindow::askBeforeClosing() {
    const int rooms = liveRooms();
    if (m_quitConfirmed || rooms == 0 || !m_settings->askBeforeQuit())
        return true;
    if (findChild<QMessageBox *>(QStringLiteral("quitQuestion")))
        return false;
    auto *box = new QMessageBox(
        QMessageBox::Question, tr("Quit SWS Desktop?"),
        tr("%n room(s) hosted here will close, and their members lose them until the app "
           "starts again.",
           nullptr, rooms),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("quitQuestion"));
    box->button(QMessageBox::Yes)->setText(tr("Quit"));
    box->button(QMessageBox::Yes)->setObjectName(QStringLiteral("quitQuestionQuit"));
    auto *dontAsk = new QCheckBox(tr("Do not ask again"), box);
    dontAsk->setObjectName(QStringLiteral("quitQuestionDontAsk"));
    box->setCheckBox(dontAsk);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, dontAsk] {
        if (box->clickedButton() != box->button(QMessageBox::Yes))
            return;
        if (dontAsk->isChecked())
            m_settings->setAskBeforeQuit(false);
        m_quitConfirmed = true;
        close();
    });
    box->open();
    return false;
}

} // namespace sws::ui
