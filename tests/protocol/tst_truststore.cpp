// TrustStore (CAs, pins, file), TrustService (snapshot, writes behind) and PinningVerifier's
// decisions, without a network.
#include "testutil.h"
#include "trust/pinningverifier.h"
#include "trust/trustservice.h"
#include "trust/truststore.h"
#include "trusttestutil.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLockFile>
#include <QTemporaryDir>
#include <QTest>

using namespace sws;
using namespace trusttest;
using namespace testutil;
using Decision = PeerVerifier::Decision;

Q_DECLARE_METATYPE(sws::PinPolicy)
Q_DECLARE_METATYPE(sws::ExpiryStatus)

namespace {

constexpr qint64 kDay = 24LL * 3600 * 1000;

qint64 now() {
    return QDateTime::currentMSecsSinceEpoch();
}

cert::Certificate makeCa(const QString &name, qint64 lifetimeMs = 365 * kDay) {
    return cert::generateCa(name, now() + lifetimeMs, now()).cert;
}

PeerIdentity client(const QString &endpoint, const QByteArray &key) {
    PeerIdentity p;
    p.localRole = Role::Client;
    p.endpoint = endpoint;
    p.publicKey = key;
    return p;
}

} // namespace

class tst_TrustStore : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    int m_case = 0;
    QString freshPath() { return m_tmp.filePath(QStringLiteral("t%1/trust.json").arg(++m_case)); }
    Profile freshProfile() { return Profile(m_tmp.filePath(QStringLiteral("p%1").arg(++m_case))); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void builtInRootIsListedButDisabled() {
        TrustStore store;
        QCOMPARE(store.cas().size(), 1);
        const TrustStore::TrustedCa &root = store.cas().first();
        QVERIFY(root.builtIn);
        QVERIFY(!root.enabled);
        QCOMPARE(root.cert.toBytes(), cert::referenceRootCa().toBytes());
        QVERIFY(store.enabledCas(now()).isEmpty());
        QVERIFY(store.setCaEnabled(root.id, true));
        QCOMPARE(store.enabledCas(now()).size(), 1);
        auto removed = store.removeCa(root.id);
        QVERIFY(!removed);
        QVERIFY(removed.error().contains(s("disable")));
        QCOMPARE(store.cas().size(), 1);
    }

    void casAddFindEnableRemove() {
        TrustStore store;
        const cert::Certificate a = makeCa(s("alpha.test"));
        const cert::Certificate b = makeCa(s("beta.test"));
        auto idA = store.addCa(a, true, now());
        auto idB = store.addCa(b, false, now());
        QVERIFY(idA && idB);
        QCOMPARE(idA->size(), 16);
        QVERIFY(!store.addCa(a, true, now())); // listed already
        QVERIFY(store.trustCa(b, now()));      // enables the listed one
        QCOMPARE(store.enabledCas(now()).size(), 2);
        QCOMPARE(*store.findCa(*idA), 1);
        QCOMPARE(*store.findCa(idA->left(6)), 1);
        QCOMPARE(*store.findCa(s("BETA.test")), 2);
        QVERIFY(!store.findCa(s("nope")));
        QVERIFY(!store.findCa(s("ab"))); // too short a prefix for an id, and no such name
        QVERIFY(store.setCaEnabled(s("alpha.test"), false));
        QCOMPARE(store.enabledCas(now()).size(), 1);
        QCOMPARE(store.enabledCas(now()).first().caName(), s("beta.test"));
        QVERIFY(store.removeCa(*idB));
        QCOMPARE(store.cas().size(), 2);
        // Not a CA: a CA-signed leaf.
        const cert::CaKey ca = cert::generateCa(s("c"), now() + kDay, now());
        auto leaf = cert::sign(
            {BoxKeyPair::generate().publicKey, {s("x")}, {}, {}, now() + kDay / 2}, ca, now());
        QVERIFY(!store.addCa(*leaf, true, now()));
    }

    void expiredCasAreNotTrusted() {
        TrustStore store;
        const cert::Certificate shortLived = makeCa(s("short"), 2000);
        QVERIFY(store.addCa(shortLived, true, now()));
        QCOMPARE(store.enabledCas(now()).size(), 1);
        QCOMPARE(store.enabledCas(now() + 3000).size(), 0);
    }

    void expiry_data() {
        QTest::addColumn<qint64>("lifetime");
        QTest::addColumn<ExpiryStatus>("status");
        QTest::addColumn<QString>("text");
        QTest::newRow("a year") << 365 * kDay << ExpiryStatus::Valid << s("valid until");
        QTest::newRow("31 days") << 31 * kDay << ExpiryStatus::Valid << s("valid until");
        QTest::newRow("29 days") << 29 * kDay << ExpiryStatus::ExpiresSoon << s("(in 28 days)");
        QTest::newRow("an hour") << 3600000LL << ExpiryStatus::ExpiresSoon
                                 << s("in less than a day");
        QTest::newRow("expired") << -kDay << ExpiryStatus::Expired << s("expired ");
    }
    void expiry() {
        QFETCH(qint64, lifetime);
        QFETCH(ExpiryStatus, status);
        QFETCH(QString, text);
        // Made "a day ago" for the expired row: the CA is valid at its signing time.
        const qint64 made = lifetime < 0 ? now() - 2 * kDay : now();
        const cert::Certificate c = cert::generateCa(s("x"), now() + lifetime, made).cert;
        QCOMPARE(expiryStatus(c, now() + 1000), status);
        QVERIFY2(expiryText(c, now() + 1000).contains(text), qPrintable(expiryText(c, now())));
    }

    void pins() {
        TrustStore store;
        const QByteArray k1 = BoxKeyPair::generate().publicKey;
        const QByteArray k2 = BoxKeyPair::generate().publicKey;
        store.setPin(s("h:1/"), k1, false, 1);
        QVERIFY(store.setVerified(s("h:1/"), true));
        store.setPin(s("h:1/"), k1, false, 2); // same key: stays verified
        QVERIFY(store.pin(s("h:1/"))->verified);
        QCOMPARE(store.pin(s("h:1/"))->addedMs, 1);
        store.setPin(s("h:1/"), k2, false, 3); // a new key is not verified
        QVERIFY(!store.pin(s("h:1/"))->verified);
        QCOMPARE(store.pin(s("h:1/"))->publicKey, k2);
        QCOMPARE(store.pins().size(), 1);
        QVERIFY(!store.setVerified(s("other:1/"), true));
        QVERIFY(store.removePin(s("h:1/")));
        QVERIFY(!store.removePin(s("h:1/")));
        QVERIFY(!store.pin(s("h:1/")));
    }

    void saveAndLoad() {
        const QString path = freshPath();
        auto empty = TrustStore::load(path); // no file yet: the empty store
        QVERIFY(empty);
        QCOMPARE(empty->cas().size(), 1);
        TrustStore store = *empty;
        const cert::Certificate ca = makeCa(s("saved.test"));
        QVERIFY(store.addCa(ca, true, now()));
        QVERIFY(store.setCaEnabled(store.cas().first().id, true)); // the built-in root
        const QByteArray key = BoxKeyPair::generate().publicKey;
        store.setPin(s("127.0.0.1:9/chat"), key, true, 42);
        QVERIFY(store.save());
        QCOMPARE(modeOf(path), 0600);
        QCOMPARE(modeOf(QFileInfo(path).absolutePath()), 0700); // made by save()
        auto loaded = TrustStore::load(path);
        QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error()));
        QCOMPARE(loaded->cas().size(), 2);
        QVERIFY(loaded->cas().at(0).builtIn && loaded->cas().at(0).enabled);
        // The certificate is kept byte for byte: it still validates.
        QCOMPARE(loaded->cas().at(1).cert.toBytes(), ca.toBytes());
        QVERIFY(cert::validate(loaded->cas().at(1).cert, nullptr, now()).valid);
        QCOMPARE(loaded->pins().size(), 1);
        QCOMPARE(loaded->pins().first().publicKey, key);
        QVERIFY(loaded->pins().first().verified);
        QCOMPARE(loaded->pins().first().addedMs, 42);
        QVERIFY(writeAll(path, "{\"format\":\"something else\"}"));
        QVERIFY(!TrustStore::load(path));
        QVERIFY(writeAll(path, "not json"));
        QVERIFY(!TrustStore::load(path));
    }

    void endpoints_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("endpoint");
        QTest::newRow("url") << s("ws://Example.ORG:8080/chat") << s("example.org:8080/chat");
        QTest::newRow("no scheme") << s("example.org:8080/chat") << s("example.org:8080/chat");
        QTest::newRow("default port and path") << s("ws://example.org") << s("example.org:80/");
        QTest::newRow("wss default port") << s("wss://example.org") << s("example.org:443/");
        QTest::newRow("wss port given") << s("wss://example.org:8443/x") << s("example.org:8443/x");
        QTest::newRow("wss port 80") << s("wss://example.org:80/") << s("example.org:80/");
        QTest::newRow("trailing slash") << s("127.0.0.1:9/") << s("127.0.0.1:9/");
        QTest::newRow("ipv6") << s("ws://[::1]:9/x") << s("::1:9/x");
        QTest::newRow("blank") << s("  ") << QString();
        QTest::newRow("http") << s("http://example.org/") << QString();
        QTest::newRow("query") << s("ws://example.org/?a=1") << QString();
        QTest::newRow("user") << s("ws://u@example.org/") << QString();
    }
    void endpoints() {
        QFETCH(QString, text);
        QFETCH(QString, endpoint);
        QCOMPARE(TrustStore::normalizeEndpoint(text).value_or(QString()), endpoint);
    }

    // ws and wss on the same host are different servers (ports 80 and 443): a key pinned for
    // one must not be checked against the other.
    void wssAndWsKeysDiffer() {
        const QString ws = endpointKey(QUrl(s("ws://chat.test/")));
        const QString wss = endpointKey(QUrl(s("wss://chat.test/")));
        QCOMPARE(ws, s("chat.test:80/"));
        QCOMPARE(wss, s("chat.test:443/"));
        QVERIFY(ws != wss);
        QCOMPARE(endpointKey(QUrl(s("WSS://Chat.Test"))), wss);
        QCOMPARE(*TrustStore::normalizeEndpoint(s("wss://chat.test/")), wss);
        // A pin for the ws server does not decide about the wss one.
        const Profile profile = freshProfile();
        TrustService trust(profile);
        QVERIFY(trust.writeAndWait(
            [ws](TrustStore &t) { t.setPin(ws, BoxKeyPair::generate().publicKey, false, 1); }));
        PinningVerifier v(trust, PinPolicy::Strict);
        QCOMPARE(v.verify(client(wss, BoxKeyPair::generate().publicKey)).error,
                 SessionError::PeerKeyNotTrusted);
    }

    void policies_data() {
        QTest::addColumn<PinPolicy>("policy");
        QTest::addColumn<int>("pinned"); // 0 none, 1 the same key, 2 another key
        QTest::addColumn<Decision>("decision");
        QTest::addColumn<SessionError>("error");
        QTest::addColumn<bool>("pinnedAfter");
        const auto none = SessionError::None;
        const auto changed = SessionError::PeerKeyChanged;
        const auto untrusted = SessionError::PeerKeyNotTrusted;
        for (PinPolicy p : {PinPolicy::Strict, PinPolicy::Ask, PinPolicy::AcceptNew}) {
            const QByteArray n = pinPolicyName(p).toLatin1();
            QTest::addRow("%s, same key", n.constData())
                << p << 1 << Decision::Accept << none << true;
            QTest::addRow("%s, changed key", n.constData())
                << p << 2 << Decision::Reject << changed << true;
        }
        QTest::newRow("strict, new")
            << PinPolicy::Strict << 0 << Decision::Reject << untrusted << false;
        QTest::newRow("ask, new") << PinPolicy::Ask << 0 << Decision::Ask << none << false;
        QTest::newRow("accept-new, new")
            << PinPolicy::AcceptNew << 0 << Decision::Accept << none << true;
        QTest::newRow("off, new") << PinPolicy::Off << 0 << Decision::Accept << none << false;
        QTest::newRow("off, changed") << PinPolicy::Off << 2 << Decision::Accept << none << true;
    }
    void policies() {
        QFETCH(PinPolicy, policy);
        QFETCH(int, pinned);
        QFETCH(Decision, decision);
        QFETCH(SessionError, error);
        QFETCH(bool, pinnedAfter);
        const Profile profile = freshProfile();
        const QByteArray key = BoxKeyPair::generate().publicKey;
        const QByteArray old = BoxKeyPair::generate().publicKey;
        const QString endpoint = s("127.0.0.1:4000/");
        if (pinned) {
            TrustStore store = *TrustStore::load(profile.trustStorePath());
            store.setPin(endpoint, pinned == 1 ? key : old, false, now());
            QVERIFY(store.save());
        }
        TrustService trust(profile);
        PinningVerifier v(trust, policy);
        const PeerVerifier::Result r = v.verify(client(endpoint, key));
        QCOMPARE(r.decision, decision);
        QCOMPARE(r.error, error);
        QCOMPARE(bool(trust.snapshot()->pin(endpoint)), pinnedAfter);
        // What is saved is what the snapshot holds (accept-new writes the file).
        trust.flush();
        QCOMPARE(bool(TrustStore::load(profile.trustStorePath())->pin(endpoint)), pinnedAfter);
        if (error == SessionError::PeerKeyChanged) {
            // A refused key is never pinned.
            QCOMPARE(trust.snapshot()->pin(endpoint)->publicKey, old);
            const SessionFailure f = makeFailure(r.error, r.reason);
            QVERIFY(f.reason.toUtf8().size() <= 123);
            QVERIFY2(f.reason.contains(fingerprint(old)), qPrintable(f.reason));
            QVERIFY2(f.reason.contains(fingerprint(key)), qPrintable(f.reason));
            QVERIFY2(f.reason.endsWith(s("remove the pin")), qPrintable(f.reason)); // not clipped
            const QString text = PinningVerifier::explain(v.lastOutcome(), s("HOW-TO-REMOVE"), {});
            QVERIFY(text.contains(fingerprint(old)) && text.contains(fingerprint(key)));
            QVERIFY(text.contains(s("HOW-TO-REMOVE")) && text.contains(endpoint));
        }
        if (decision == Decision::Ask || error == SessionError::PeerKeyNotTrusted) {
            const QString text = PinningVerifier::explain(v.lastOutcome(), {}, s("HOW-TO-ADD"));
            QVERIFY(text.contains(fingerprint(key)) && text.contains(s("HOW-TO-ADD")));
        }
        QCOMPARE(v.lastOutcome().newlyPinned, policy == PinPolicy::AcceptNew && pinned == 0);
    }

    void certifiedKeysAreNotPinned() {
        TrustService trust(freshProfile());
        PeerIdentity peer = client(s("v2.test:443/"), BoxKeyPair::generate().publicKey);
        peer.verdict = cert::Verdict{};
        peer.verdict->valid = true;
        for (PinPolicy p : {PinPolicy::Ask, PinPolicy::AcceptNew}) {
            PinningVerifier v(trust, p);
            QCOMPARE(v.verify(peer).decision, Decision::Accept);
            QVERIFY(v.lastOutcome().certified);
            QVERIFY(trust.snapshot()->pins().isEmpty());
        }
        PinningVerifier strict(trust, PinPolicy::Strict);
        QCOMPARE(strict.verify(peer).error, SessionError::PeerKeyNotTrusted);
        peer.verdict->valid = false; // an invalid certificate vouches for nothing
        PinningVerifier ask(trust, PinPolicy::Ask);
        QCOMPARE(ask.verify(peer).decision, Decision::Ask);
        // A pin still wins over a certificate.
        peer.verdict->valid = true;
        trust.write([endpoint = peer.endpoint, key = BoxKeyPair::generate().publicKey](
                        TrustStore &t) { t.setPin(endpoint, key, false, now()); });
        PinningVerifier acceptNew(trust, PinPolicy::AcceptNew);
        QCOMPARE(acceptNew.verify(peer).error, SessionError::PeerKeyChanged);
    }

    void askThenAccept() {
        const Profile profile = freshProfile();
        TrustService trust(profile);
        PinningVerifier v(trust, PinPolicy::Ask);
        const PeerIdentity peer = client(s("h:1/"), BoxKeyPair::generate().publicKey);
        QCOMPARE(v.verify(peer).decision, Decision::Ask);
        v.pinAccepted(peer, true);
        QCOMPARE(v.verify(peer).decision, Decision::Accept); // at once, from the snapshot
        trust.flush();
        QVERIFY(TrustStore::load(profile.trustStorePath())->pin(s("h:1/"))->verified);
    }

    // What another program pinned is seen from the next refresh (a session's start).
    void readsChangesOfOtherPrograms() {
        const Profile profile = freshProfile();
        TrustService mine(profile);
        TrustStore theirs = *TrustStore::load(profile.trustStorePath());
        const PeerIdentity peer = client(s("h:2/"), BoxKeyPair::generate().publicKey);
        theirs.setPin(peer.endpoint, BoxKeyPair::generate().publicKey, false, now());
        QVERIFY(theirs.save());
        mine.refresh();
        PinningVerifier v(mine, PinPolicy::AcceptNew);
        QCOMPARE(v.verify(peer).error, SessionError::PeerKeyChanged);
    }

    // verify() runs in a socket callback (on the GUI thread in the app): while another program
    // holds trust.json.lock it decides at once, from memory; the new pin reaches the file once
    // the lock is released.
    void verifyDoesNotWaitForTheLock() {
        const Profile profile = freshProfile();
        QVERIFY(profile.ensure());
        TrustService trust(profile);
        QLockFile held(profile.trustStorePath() + s(".lock")); // as TrustStore::update locks
        QVERIFY(held.tryLock(0));
        PinningVerifier v(trust, PinPolicy::AcceptNew);
        const PeerIdentity peer = client(s("locked.test:80/"), BoxKeyPair::generate().publicKey);
        QElapsedTimer timer;
        timer.start();
        const PeerVerifier::Result r = v.verify(peer);
        const qint64 took = timer.elapsed();
        QVERIFY2(took < 1000, qPrintable(s("verify() took %1 ms").arg(took)));
        QCOMPARE(r.decision, Decision::Accept);
        QVERIFY(v.lastOutcome().newlyPinned);
        QCOMPARE(trust.snapshot()->pin(peer.endpoint)->publicKey, peer.publicKey);
        QVERIFY(!TrustStore::load(profile.trustStorePath())->pin(peer.endpoint)); // not yet
        held.unlock();
        QTRY_VERIFY_WITH_TIMEOUT(
            TrustStore::load(profile.trustStorePath())->pin(peer.endpoint) &&
                TrustStore::load(profile.trustStorePath())->pin(peer.endpoint)->publicKey ==
                    peer.publicKey,
            9000);
    }

    // Two sessions of one program to a new endpoint under accept-new: the second sees the
    // first's pin in the snapshot, before the file is written (here: while it is locked).
    void secondSessionSeesFirstPin() {
        const Profile profile = freshProfile();
        QVERIFY(profile.ensure());
        TrustService trust(profile);
        QLockFile held(profile.trustStorePath() + s(".lock"));
        QVERIFY(held.tryLock(0));
        const PeerIdentity peer = client(s("twice.test:80/"), BoxKeyPair::generate().publicKey);
        PinningVerifier first(trust, PinPolicy::AcceptNew);
        PinningVerifier second(trust, PinPolicy::AcceptNew);
        QCOMPARE(first.verify(peer).decision, Decision::Accept);
        QVERIFY(first.lastOutcome().newlyPinned);
        QCOMPARE(second.verify(peer).decision, Decision::Accept);
        QVERIFY(!second.lastOutcome().newlyPinned); // pinned already
        QCOMPARE(second.lastOutcome().pinnedKey, peer.publicKey);
        // And another key at that endpoint is now a changed key.
        const PeerIdentity other = client(peer.endpoint, BoxKeyPair::generate().publicKey);
        QCOMPARE(second.verify(other).error, SessionError::PeerKeyChanged);
        held.unlock();
        trust.flush();
        QCOMPARE(TrustStore::load(profile.trustStorePath())->pin(peer.endpoint)->publicKey,
                 peer.publicKey);
    }

    // A program that exits right after pinning (sws connect) still saves the pin: the
    // service's destructor waits for its writes.
    void writesAreFlushedOnDestruction() {
        const Profile profile = freshProfile();
        const QByteArray key = BoxKeyPair::generate().publicKey;
        {
            TrustService trust(profile);
            for (int i = 0; i < 5; ++i)
                trust.write([i, key](TrustStore &t) {
                    t.setPin(s("h%1.test:80/").arg(i), key, false, now());
                });
        }
        const auto saved = TrustStore::load(profile.trustStorePath());
        QVERIFY(saved);
        QCOMPARE(saved->pins().size(), 5);
    }

    // A write that cannot be saved is reported, and dropped from the snapshot (the file does
    // not hold it); an unreadable trust.json is never overwritten.
    void failedWritesAreReported() {
        const Profile profile = freshProfile();
        QVERIFY(profile.ensure());
        QVERIFY(writeAll(profile.trustStorePath(), "not json"));
        TrustService trust(profile);
        QVERIFY(!trust.loadError().isEmpty());
        QVERIFY(!trust.writeAndWait(
            [](TrustStore &t) { t.setPin(s("y:1/"), QByteArray(32, 'k'), false, 1); }));
        const Profile blocked(m_tmp.filePath(s("blocked")));
        QVERIFY(writeAll(m_tmp.filePath(s("blocked")), "a file where the directory would be"));
        TrustService nowhere(blocked);
        QStringList failed; // queued to this thread: the writer thread emits it
        connect(&nowhere, &TrustService::writeFailed, this,
                [&failed](const QString &e) { failed << e; });
        nowhere.write([](TrustStore &t) { t.setPin(s("x:1/"), QByteArray(32, 'k'), false, 1); });
        QTRY_COMPARE(failed.size(), 1);
        QVERIFY2(failed.first().contains(s("blocked")), qPrintable(failed.first()));
        QVERIFY(!nowhere.snapshot()->pin(s("x:1/")));
        QVERIFY(!nowhere.writeAndWait([](TrustStore &) {}));
        QCOMPARE(readAll(profile.trustStorePath()), QByteArray("not json"));
    }

    // Two programs that read the store before either wrote: each update keeps the other's
    // change (a plain save() by the second would drop the first's pin).
    void updatesKeepOtherWritersChanges() {
        const QString path = freshPath();
        TrustStore app = *TrustStore::load(path);
        TrustStore cli = *TrustStore::load(path);
        const QByteArray k1 = BoxKeyPair::generate().publicKey;
        const QByteArray k2 = BoxKeyPair::generate().publicKey;
        QVERIFY(app.update([&](TrustStore &t) { t.setPin(s("a:1/"), k1, false, 1); }));
        QVERIFY(cli.update([&](TrustStore &t) { t.setPin(s("b:2/"), k2, true, 2); }));
        QVERIFY(app.update([&](TrustStore &t) { QVERIFY(t.removePin(s("a:1/"))); }));
        auto loaded = TrustStore::load(path);
        QVERIFY(loaded);
        QCOMPARE(loaded->pins().size(), 1);
        QCOMPARE(loaded->pins().first().publicKey, k2);
        QVERIFY(loaded->pins().first().verified);
        QCOMPARE(app.pins().size(), 1);             // the updater sees the file as it is now
        QVERIFY(!QFile::exists(path + s(".lock"))); // released
        QCOMPARE(modeOf(path), 0600);
    }

    // The app joining its own room: only the room's key passes, and nothing is pinned.
    void knownKeyOnly() {
        const QByteArray roomKey = BoxKeyPair::generate().publicKey;
        KnownKeyVerifier v(roomKey);
        QCOMPARE(v.verify(client(s("127.0.0.1:9/"), roomKey)).decision, Decision::Accept);
        const QByteArray other = BoxKeyPair::generate().publicKey;
        const auto r = v.verify(client(s("127.0.0.1:9/"), other));
        QCOMPARE(r.decision, Decision::Reject);
        QCOMPARE(r.error, SessionError::PeerKeyChanged);
        QVERIFY(r.reason.contains(fingerprint(roomKey)) && r.reason.contains(fingerprint(other)));
        QVERIFY(r.reason.toUtf8().size() <= 123 - 40); // room for the error text in a close reason
    }

    void serverSessionsAreNotPinned() {
        TrustService trust(freshProfile());
        PinningVerifier v(trust, PinPolicy::Strict);
        PeerIdentity p = client(s("127.0.0.1"), BoxKeyPair::generate().publicKey);
        p.localRole = Role::Server;
        QCOMPARE(v.verify(p).decision, Decision::Accept);
    }

    void policyNames() {
        for (PinPolicy p :
             {PinPolicy::Strict, PinPolicy::Ask, PinPolicy::AcceptNew, PinPolicy::Off})
            QCOMPARE(parsePinPolicy(pinPolicyName(p)), std::optional<PinPolicy>(p));
        QVERIFY(!parsePinPolicy(s("yes")));
        QCOMPARE(pinPolicyName(PinPolicy::AcceptNew), s("accept-new"));
    }
};

QTEST_GUILESS_MAIN(tst_TrustStore)
#include "tst_truststore.moc"
