// The trust manager, the peer key dialog, the Keys menu and the GUI's pin check (policy ask)
// on a real session.
#include "../protocol/trusttestutil.h"
#include "cert/keyfiles.h"
#include "dialogs/newidentitydialog.h"
#include "inspector/sessiontracker.h"
#include "session/securewebsocketserver.h"
#include "testutil.h"
#include "trust/keydialogs.h"
#include "trust/peerkeydialog.h"
#include "trust/trustmanagerdialog.h"
#include "trust/trustmodels.h"

#include <QApplication>
#include <QCheckBox>
#include <QDateTime>
#include <QElapsedTimer>
#include <QItemSelectionModel>
#include <QLockFile>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace sws;
using namespace sws::ui;
using namespace trusttest;
using namespace testutil;

namespace {

qint64 now() {
    return QDateTime::currentMSecsSinceEpoch();
}

template <typename T> T *visible() {
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (auto *t = qobject_cast<T *>(w); t && t->isVisible())
            return t;
    }
    return nullptr;
}

void selectRow(QTableView *view, int row) {
    view->selectionModel()->select(view->model()->index(row, 0),
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

} // namespace

class tst_TrustDialogs : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void trustManager() {
        const QString path = m_tmp.filePath(s("tm/trust.json"));
        TrustStore store = *TrustStore::load(path);
        const cert::Certificate soon =
            cert::generateCa(s("soon.test"), now() + 5 * 86400000LL, now()).cert;
        QVERIFY(store.addCa(soon, true, now()));
        const QByteArray k1 = BoxKeyPair::generate().publicKey;
        const QByteArray k2 = BoxKeyPair::generate().publicKey;
        store.setPin(s("a.test:80/"), k1, false, now());
        store.setPin(s("b.test:80/"), k2, false, now());
        QVERIFY(store.save());

        TrustService trust(Profile(m_tmp.filePath(s("tm"))));
        TrustManagerDialog dlg(trust);
        TrustedCaModel *cas = dlg.caModel();
        PinModel *pins = dlg.pinModel();
        QCOMPARE(cas->rowCount(), 2);
        QCOMPARE(pins->rowCount(), 2);
        // The built-in root: listed, not trusted, marked as built in.
        const QModelIndex root = cas->index(0, int(TrustedCaModel::Column::Enabled));
        QCOMPARE(root.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        QVERIFY(cas->index(0, int(TrustedCaModel::Column::Notes))
                    .data()
                    .toString()
                    .contains(s("built-in")));
        QCOMPARE(cas->index(1, 0).data(TrustedCaModel::ExpiryStatusRole).toInt(),
                 int(ExpiryStatus::ExpiresSoon));
        QVERIFY(cas->flags(root) & Qt::ItemIsUserCheckable);
        QVERIFY(dlg.statusText().contains(s("expire within 30 days")));
        QCOMPARE(pins->index(0, int(PinModel::Column::Fingerprint)).data().toString(),
                 fingerprint(k1));
        QVERIFY(!pins->index(0, 0).data(PinModel::VerifiedRole).toBool());

        // Enable the root with its checkbox; remove the second pin; refuse to remove the root.
        QVERIFY(cas->setData(root, Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(root.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        selectRow(dlg.pinView(), 1);
        QTest::mouseClick(dlg.findChild<QPushButton *>(s("removePin")), Qt::LeftButton);
        QCOMPARE(pins->rowCount(), 1);
        selectRow(dlg.caView(), 0);
        QTest::mouseClick(dlg.findChild<QPushButton *>(s("removeCa")), Qt::LeftButton);
        QVERIFY(dlg.statusIsError());
        QVERIFY(dlg.statusText().contains(s("cannot be removed")));
        QCOMPARE(cas->rowCount(), 2);

        // Mark verified: a question showing the fingerprint; No changes nothing, Yes marks it.
        selectRow(dlg.pinView(), 0);
        QMessageBox *no = dlg.confirmVerifySelectedPin();
        QVERIFY(no && no->text().contains(fingerprint(k1)));
        const QPointer<QMessageBox> first(no);
        QTest::mouseClick(no->button(QMessageBox::No), Qt::LeftButton);
        QVERIFY(!pins->index(0, 0).data(PinModel::VerifiedRole).toBool());
        QTRY_VERIFY(!first); // closed and deleted: the next box is a new one
        QTest::mouseClick(dlg.findChild<QPushButton *>(s("verifyPin")), Qt::LeftButton);
        QMessageBox *yes = dlg.findChild<QMessageBox *>(s("verifyPinBox"));
        QVERIFY(yes);
        QTest::mouseClick(yes->button(QMessageBox::Yes), Qt::LeftButton);
        QVERIFY(pins->index(0, 0).data(PinModel::VerifiedRole).toBool());

        // Nothing is written before OK.
        QVERIFY(!TrustStore::load(path)->cas().first().enabled);
        QCOMPARE(TrustStore::load(path)->pins().size(), 2);
        // Meanwhile another program (`sws pin add`) pins a third server: OK keeps it.
        const QByteArray k3 = BoxKeyPair::generate().publicKey;
        TrustStore other = *TrustStore::load(path);
        QVERIFY(other.update([&](TrustStore &t) { t.setPin(s("c.test:80/"), k3, false, now()); }));
        QTest::mouseClick(dlg.okButton(), Qt::LeftButton);
        QCOMPARE(dlg.result(), int(QDialog::Accepted));
        const TrustStore saved = *TrustStore::load(path);
        QVERIFY(saved.cas().first().enabled);
        QCOMPARE(saved.pins().size(), 2);
        QVERIFY(!saved.pin(s("b.test:80/")));
        QCOMPARE(saved.pin(s("c.test:80/"))->publicKey, k3);
        QVERIFY(saved.pin(s("a.test:80/"))->verified);
        QVERIFY(trust.snapshot()->pin(s("a.test:80/"))->verified); // the app's store follows
    }

    void peerKeyDialog() {
        PinningVerifier::Outcome changed;
        changed.error = SessionError::PeerKeyChanged;
        changed.decision = PeerVerifier::Decision::Reject;
        changed.endpoint = s("chat.test:8080/room");
        changed.pinnedKey = BoxKeyPair::generate().publicKey;
        changed.presentedKey = BoxKeyPair::generate().publicKey;
        PeerKeyDialog c(changed, {});
        QCOMPARE(c.mode(), PeerKeyDialog::Mode::ChangedKey);
        QVERIFY(c.text().contains(s("chat.test:8080/room")));
        QVERIFY(c.text().contains(fingerprint(changed.pinnedKey)));
        QVERIFY(c.text().contains(fingerprint(changed.presentedKey)));
        QVERIFY(c.text().contains(s("different key")));
        QVERIFY(!c.trustButton());
        QSignalSpy forget(&c, &PeerKeyDialog::forgetPinRequested);
        QTest::mouseClick(c.forgetButton(), Qt::LeftButton);
        QCOMPARE(forget.count(), 1);
        QCOMPARE(forget.first().first().toString(), changed.endpoint);

        PinningVerifier::Outcome fresh;
        fresh.decision = PeerVerifier::Decision::Ask;
        fresh.endpoint = s("new.test:80/");
        fresh.presentedKey = BoxKeyPair::generate().publicKey;
        PeerKeyDialog n(fresh, {});
        QCOMPARE(n.mode(), PeerKeyDialog::Mode::NewKey);
        QVERIFY(n.text().contains(fingerprint(fresh.presentedKey)));
        QVERIFY(!n.markVerified());
        n.verifiedCheck()->setChecked(true);
        QVERIFY(n.markVerified());
        QVERIFY(!n.forgetButton());
    }

    void keysMenu() {
        TrustService trust(Profile(m_tmp.filePath(s("menu-profile"))));
        const QByteArray key = BoxKeyPair::generate().publicKey;
        QVERIFY(trust.writeAndWait(
            [key](TrustStore &t) { t.setPin(s("menu.test:80/"), key, false, now()); }));
        QMainWindow window;
        window.menuBar()->addMenu(s("&Help"));
        QMenu *menu = installTrustMenus(&window, trust);
        const QList<QAction *> bar = window.menuBar()->actions();
        QCOMPARE(bar.size(), 2);
        QCOMPARE(bar.first()->menu(), menu); // before Help
        QStringList texts;
        for (QAction *a : menu->actions()) {
            if (!a->isSeparator())
                texts << a->text();
        }
        QCOMPARE(texts.size(), 7);
        window.show();
        menu->actions().first()->trigger(); // New identity…
        QTRY_VERIFY(window.findChild<NewIdentityDialog *>());
        auto *dlg = window.findChild<NewIdentityDialog *>();
        QVERIFY(dlg->isVisible());
        dlg->reject();
        // The trust manager shows the injected service's store.
        menu->actions().last()->trigger();
        QTRY_VERIFY(window.findChild<TrustManagerDialog *>());
        auto *manager = window.findChild<TrustManagerDialog *>();
        QCOMPARE(manager->working().pins().size(), 1);
        QCOMPARE(manager->working().pins().first().publicKey, key);
        manager->reject();
    }

    // A pin the writer thread cannot save is shown on the window's status bar.
    void writeFailureOnStatusBar() {
        const QString blocked = m_tmp.filePath(s("blocked-profile"));
        QVERIFY(writeAll(blocked, "a file where the profile directory would be"));
        TrustService trust{Profile(blocked)};
        QMainWindow window;
        installTrustMenus(&window, trust);
        trust.write(
            [](TrustStore &t) { t.setPin(s("x.test:80/"), QByteArray(32, 'k'), false, 1); });
        QTRY_VERIFY(window.statusBar()->currentMessage().contains(s("could not be saved")));
        QVERIFY(window.statusBar()->currentMessage().contains(s("blocked-profile")));
    }

    // The GUI connect path: policy ask answered with the dialog; then a changed key on the
    // same port is refused and explained, and "forget" removes the pin.
    void guiConnectAsksAndPins() {
        TrustService trust(Profile(m_tmp.filePath(s("gui-profile"))));
        QVERIFY(trust.profile().ensure());
        QMainWindow window;
        installTrustMenus(&window, trust);
        window.show();
        const auto serve = [](quint16 port) {
            ServerConfig cfg;
            cfg.session.keyPair = BoxKeyPair::generate();
            auto server = std::make_unique<SecureWebSocketServer>(std::move(cfg));
            if (!server->listen(QHostAddress::LocalHost, port))
                server.reset();
            return server;
        };
        auto server = serve(0);
        QVERIFY(server);
        const QByteArray firstKey = server->config().session.keyPair.publicKey;
        const QUrl url = server->serverUrl();
        const QString endpoint = endpointKey(url);

        SessionConfig cfg;
        cfg.keyPair = BoxKeyPair::generate();
        auto verifier = applyPeerTrust(trust, cfg);
        SecureWebSocket socket(cfg);
        watchPeerTrust(&socket, verifier, &window);
        QSignalSpy secured(&socket, &SecureWebSocket::secured);
        SessionTracker tracker; // what the side list and status bar show
        tracker.attach(&socket, endpoint);
        socket.open(url);
        QTRY_VERIFY(visible<PeerKeyDialog>());
        QCOMPARE(tracker.info().state, SessionState::AwaitingApproval);
        QCOMPARE(sessionStateName(tracker.info().state), QStringLiteral("awaiting key approval"));
        PeerKeyDialog *ask = visible<PeerKeyDialog>();
        QCOMPARE(ask->mode(), PeerKeyDialog::Mode::NewKey);
        QVERIFY(ask->text().contains(fingerprint(firstKey)));
        QCOMPARE(socket.state(), SecureWebSocket::State::Verifying);
        QCOMPARE(secured.count(), 0);
        ask->verifiedCheck()->setChecked(true);
        // Another program holds trust.json.lock: Trust does not wait for it.
        const Profile profile = trust.profile();
        QLockFile held(profile.trustStorePath() + s(".lock"));
        QVERIFY(held.tryLock(0));
        QElapsedTimer clicked;
        clicked.start();
        QTest::mouseClick(ask->trustButton(), Qt::LeftButton);
        QVERIFY2(clicked.elapsed() < 1000, qPrintable(QString::number(clicked.elapsed())));
        QTRY_COMPARE(secured.count(), 1);
        QCOMPARE(tracker.info().state, SessionState::Secured);
        QVERIFY(trust.snapshot()->pin(endpoint)->verified);
        held.unlock();
        const auto savedPin = [&] {
            auto saved = TrustStore::load(profile.trustStorePath());
            return saved && saved->pin(endpoint) ? *saved->pin(endpoint) : TrustStore::Pin{};
        };
        QTRY_VERIFY_WITH_TIMEOUT(savedPin().verified, 9000);
        QCOMPARE(savedPin().publicKey, firstKey);
        socket.close();
        QTRY_COMPARE(socket.state(), SecureWebSocket::State::Closed);

        // The same port, another key.
        const quint16 port = server->serverPort();
        server.reset();
        server = serve(port);
        QVERIFY(server);
        SessionConfig again;
        again.keyPair = BoxKeyPair::generate();
        auto v2 = applyPeerTrust(trust, again);
        SecureWebSocket second(again);
        watchPeerTrust(&second, v2, &window);
        QSignalSpy failed(&second, &SecureWebSocket::errorOccurred);
        second.open(url);
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(failed.first().first().value<SessionError>(), SessionError::PeerKeyChanged);
        QTRY_VERIFY(visible<PeerKeyDialog>());
        PeerKeyDialog *changed = visible<PeerKeyDialog>();
        QCOMPARE(changed->mode(), PeerKeyDialog::Mode::ChangedKey);
        QVERIFY(changed->text().contains(fingerprint(firstKey)));
        QVERIFY(changed->text().contains(fingerprint(server->config().session.keyPair.publicKey)));
        QTest::mouseClick(changed->forgetButton(), Qt::LeftButton);
        QVERIFY(!trust.snapshot()->pin(endpoint));
        QTRY_VERIFY(!TrustStore::load(profile.trustStorePath())->pin(endpoint));
    }
};

QTEST_MAIN(tst_TrustDialogs)
#include "tst_trustdialogs.moc"
