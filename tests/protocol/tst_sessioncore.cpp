// SessionCore, the sans-I/O session, with two cores wired to each other in memory
// (sessioncorewire.h): every rule of the data phase — queue before secure, verify-hold,
// first-frame grace, back-pressure, size limits, close handshake — checked synchronously,
// with timers fired by hand instead of waited for.
#include "sessioncorewire.h"

#include <QTest>

using namespace sws;
using namespace sessioncoretest;

namespace {

constexpr int C = Wire::kClient, S = Wire::kServer;
using Timer = Core::Timer;
using State = Core::State;

} // namespace

class tst_SessionCore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { ensureSodium(); }

    // Both sides secured, events in the order SecureWebSocket emits its signals; the handshake
    // timer armed at the start and stopped once secured; each side holds the other's key.
    void securedBothSides_data() {
        QTest::addColumn<int>("version");
        QTest::addColumn<bool>("requireCert");
        QTest::newRow("v1") << 1 << false;
        QTest::newRow("v2") << 2 << false;
        QTest::newRow("v2, requireCert") << 2 << true;
    }
    void securedBothSides() {
        QFETCH(int, version);
        QFETCH(bool, requireCert);
        Configs cfg = configs(version, requireCert);
        const QByteArray clientKey = cfg.client.keyPair.publicKey;
        const QByteArray serverKey = cfg.server.keyPair.publicKey;
        Wire w(std::move(cfg.client), std::move(cfg.server));
        w.run();
        QCOMPARE(w.client().state(), State::Secured);
        QCOMPARE(w.server().state(), State::Secured);
        const QString cert = QStringLiteral("PeerCertificateChecked");
        QStringList clientEvents{QStringLiteral("StateChanged(Connecting)"),
                                 QStringLiteral("StateChanged(Handshaking)"),
                                 QStringLiteral("Sent ClientHello"),
                                 QStringLiteral("Received ServerHello"),
                                 QStringLiteral("Sent ClientReady"),
                                 QStringLiteral("StateChanged(Secured)"),
                                 QStringLiteral("Secured")};
        QStringList serverEvents{
            QStringLiteral("StateChanged(Handshaking)"), QStringLiteral("Received ClientHello"),
            QStringLiteral("Sent ServerHello"),          QStringLiteral("Received ClientReady"),
            QStringLiteral("StateChanged(Secured)"),     QStringLiteral("Secured")};
        if (version == 2)
            clientEvents.insert(5, cert);
        if (requireCert)
            serverEvents.insert(4, cert);
        QCOMPARE(w.side[C].events(), clientEvents);
        QCOMPARE(w.side[S].events(), serverEvents);
        QCOMPARE(w.client().session()->peerPublicKey, serverKey);
        QCOMPARE(w.server().session()->peerPublicKey, clientKey);
        for (int s : {C, S}) {
            QVERIFY(!w.side[s].core->timerArmed(Timer::Handshake));
            const auto starts = w.side[s].all<Core::StartTimer>();
            QVERIFY(!starts.empty());
            QCOMPARE(starts.front().timer, Timer::Handshake);
            QCOMPARE(starts.front().ms, 5000);
            QCOMPARE(w.side[s].all<Core::StopTimer>().front().timer, Timer::Handshake);
            // Handshake limit first, then the data limits (message + tag, one frame each).
            const auto limits = w.side[s].all<Core::TransportLimits>();
            QCOMPARE(limits.size(), size_t(2));
            QCOMPARE(limits[0].maxIncomingBytes, 64 * 1024);
            QCOMPARE(limits[1].maxIncomingBytes, 16 * 1024 * 1024 + kMacBytes);
            QCOMPARE(limits[1].outgoingFrameBytes, 16 * 1024 * 1024 + kMacBytes);
        }
        // The server holds its first frames for the client's (60 ms by default).
        QVERIFY(w.server().holdingOutgoing());
        QVERIFY(w.server().timerArmed(Timer::FirstFrameGrace));
        QVERIFY(!w.client().holdingOutgoing());
    }

    // Messages both ways, in order, each a frame event with its counter.
    void messagesBothWays_data() {
        QTest::addColumn<int>("version");
        QTest::newRow("v1") << 1;
        QTest::newRow("v2") << 2;
    }
    void messagesBothWays() {
        QFETCH(int, version);
        Configs cfg = configs(version);
        auto w = flowing(std::move(cfg.client), std::move(cfg.server));
        QVERIFY(w);
        QCOMPARE(w->side[S].received, QList<QByteArray>{"hello"});
        QVERIFY(!w->server().holdingOutgoing());
        QList<QByteArray> up, down;
        for (int i = 0; i < 5; ++i) {
            up << QByteArray("up ") + QByteArray::number(i);
            down << QByteArray(1000 * i, char('a' + i));
            QCOMPARE(w->send(C, up.back()), qint64(up.back().size()));
            QCOMPARE(w->send(S, down.back()), qint64(down.back().size()));
        }
        w->pump();
        QCOMPARE(w->side[S].received.mid(1), up);
        QCOMPARE(w->side[C].received, down);
        std::vector<FrameEvent> f;
        for (const FrameEvent &e : w->side[C].frames)
            if (e.direction == FrameEvent::Direction::Received)
                f.push_back(e);
        QCOMPARE(f.size(), size_t(5));
        QCOMPARE(w->side[C].frames.size(), size_t(11)); // "hello" and five sent
        for (size_t i = 0; i < f.size(); ++i) {
            QVERIFY(f[i].opened);
            QCOMPARE(f[i].plaintext, down.at(int(i)));
            QCOMPARE(f[i].ciphertext.size(), f[i].plaintext.size() + kMacBytes);
            if (i > 0)
                QCOMPARE(f[i].counter, f[i - 1].counter + 1);
        }
        // Sealed frames are flushed to the kernel once 2 KiB have piled up.
        QVERIFY(w->side[S].all<Core::Flush>().size() >= 3);
        QVERIFY(w->side[C].errors.empty() && w->side[S].errors.empty());
    }

    // Before the session is secure, sends are queued up to maxQueuedBytes (then refused with
    // -1) and go out in order once secured; maxMessageBytes refuses a larger message at once.
    void queueBeforeSecure() {
        Configs cfg = configs(1);
        cfg.client.maxQueuedBytes = 4000;
        cfg.client.maxMessageBytes = 1500;
        Wire w(std::move(cfg.client), std::move(cfg.server));
        QCOMPARE(w.send(C, QByteArray(1501, 'x')), qint64(-1)); // over maxMessageBytes
        QList<QByteArray> sent;
        for (int i = 0; i < 4; ++i) {
            sent << QByteArray(1000, char('a' + i));
            QCOMPARE(w.send(C, sent.back()), qint64(1000));
        }
        QCOMPARE(w.send(C, "x"), qint64(-1)); // the queue is full
        QCOMPARE(w.client().queuedMessages(), 4);
        w.connect();
        QCOMPARE(w.send(C, "x"), qint64(-1)); // still queued: full
        QVERIFY(w.side[C].writtenBinary.isEmpty());
        w.pump();
        QCOMPARE(w.client().state(), State::Secured);
        QCOMPARE(w.client().queuedMessages(), 0);
        QCOMPARE(w.side[S].received, sent);
        QCOMPARE(w.send(C, QByteArray(1500, 'y')), qint64(1500)); // the limit itself
        QCOMPARE(w.send(C, QByteArray(1501, 'y')), qint64(-1));
        w.pump();
        QCOMPARE(w.side[S].received.size(), 5);
        QCOMPARE(w.side[C].writtenBinary.size(), 5);
    }

    // Data message received (tst_limits' configured rows): the limit is taken, one byte more
    // closes with 1009 and a reason naming both numbers.
    void messageReceivedLimit_data() {
        QTest::addColumn<qint64>("size");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("1000 B, 1000 configured") << qint64(1000) << true;
        QTest::newRow("1001 B, 1000 configured") << qint64(1001) << false;
    }
    void messageReceivedLimit() {
        QFETCH(qint64, size);
        QFETCH(bool, accepted);
        Configs cfg = configs(1);
        cfg.server.maxMessageBytes = 1000;
        auto w = flowing(std::move(cfg.client), std::move(cfg.server));
        QVERIFY(w);
        QCOMPARE(w->send(C, QByteArray(size, 'm')), size);
        w->pump();
        if (accepted) {
            QCOMPARE(w->side[S].received.size(), 2);
            QCOMPARE(w->side[S].received.back().size(), size);
            QCOMPARE(w->server().state(), State::Secured);
            return;
        }
        QCOMPARE(w->side[S].received.size(), 1);
        QCOMPARE(w->server().error(), SessionError::MessageTooBig);
        QCOMPARE(w->server().closeCode(), quint16(1009));
        QVERIFY2(
            w->server().closeReason().contains(QStringLiteral("1001 bytes, the limit is 1000")),
            qPrintable(w->server().closeReason()));
        QCOMPARE(w->client().state(), State::Closed);
        QCOMPARE(w->client().closeCode(), quint16(1009));
        QCOMPARE(w->client().error(), SessionError::MessageTooBig); // told by the close code
    }

    // Peer approval: Ask holds the peer's frames (and our sends) until approvePeer(); accept
    // delivers them in order, refuse closes with the refusal's code and reason.
    void verifyHold_data() {
        QTest::addColumn<int>("answer"); // 0 accept, else the refusal's SessionError
        QTest::newRow("accept") << 0;
        QTest::newRow("refuse: not trusted") << int(SessionError::PeerKeyNotTrusted);
        QTest::newRow("refuse: key changed") << int(SessionError::PeerKeyChanged);
    }
    void verifyHold() {
        QFETCH(int, answer);
        Configs cfg = configs(1);
        auto ask = std::make_shared<Fixed>(PeerVerifier::Decision::Ask);
        cfg.client.verifier = ask;
        Wire w(std::move(cfg.client), std::move(cfg.server));
        w.run();
        QCOMPARE(ask->calls, 1);
        QCOMPARE(w.client().state(), State::Verifying);
        QCOMPARE(w.server().state(), State::Secured);
        const auto asked = w.side[C].all<Core::PeerApprovalRequired>();
        QCOMPARE(asked.size(), size_t(1));
        QCOMPARE(asked[0].peer.endpoint, QStringLiteral("localhost:4433/chat"));
        QCOMPARE(asked[0].peer.publicKey, w.server().config().keyPair.publicKey);
        QCOMPARE(w.send(C, "queued while verifying"), qint64(22));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(w.send(S, QByteArray::number(i)), qint64(1));
        w.fire(S, Timer::FirstFrameGrace); // the client sends nothing while Verifying
        w.pump();
        QCOMPARE(w.client().heldIncomingMessages(), 3);
        QVERIFY(w.side[C].received.isEmpty());
        QVERIFY(w.side[C].writtenBinary.isEmpty());
        if (answer == 0) {
            w.call(C, w.client().approvePeer(true));
            QCOMPARE(w.client().state(), State::Secured);
            QCOMPARE(w.side[C].received, (QList<QByteArray>{"0", "1", "2"}));
            QCOMPARE(w.client().heldIncomingMessages(), 0);
            w.pump();
            QCOMPARE(w.side[S].received, QList<QByteArray>{"queued while verifying"});
            return;
        }
        const auto refusal = SessionError(answer);
        w.call(C, w.client().approvePeer(false, QStringLiteral("not you"), refusal));
        w.pump();
        QCOMPARE(w.client().error(), refusal);
        QCOMPARE(w.client().closeCode(), closeCodeFor(refusal));
        QVERIFY(w.client().closeReason().endsWith(QStringLiteral(": not you")));
        QVERIFY(w.side[C].received.isEmpty());
        QCOMPARE(w.server().state(), State::Closed);
        QCOMPARE(w.server().closeCode(), closeCodeFor(refusal));
        QCOMPARE(w.server().error(), SessionError::None); // a close after secure: no error
        QVERIFY(w.side[C].writtenBinary.isEmpty());       // the queue went with the session
    }

    // The verifier's own answers: Accept secures at once, Reject closes with its error.
    void verifierDecides_data() {
        QTest::addColumn<int>("decision");
        QTest::addColumn<int>("error");
        QTest::addColumn<int>("expectedCode");
        QTest::newRow("accept") << int(PeerVerifier::Decision::Accept) << 0 << 0;
        QTest::newRow("reject, no error given")
            << int(PeerVerifier::Decision::Reject) << int(SessionError::None) << 4041;
        QTest::newRow("reject, key changed")
            << int(PeerVerifier::Decision::Reject) << int(SessionError::PeerKeyChanged) << 4040;
    }
    void verifierDecides() {
        QFETCH(int, decision);
        QFETCH(int, error);
        QFETCH(int, expectedCode);
        Configs cfg = configs(2);
        cfg.server.verifier =
            std::make_shared<Fixed>(PeerVerifier::Decision(decision), SessionError(error));
        Wire w(std::move(cfg.client), std::move(cfg.server));
        w.run();
        if (!expectedCode) {
            QCOMPARE(w.server().state(), State::Secured);
            return;
        }
        QCOMPARE(int(w.server().closeCode()), expectedCode);
        QCOMPARE(w.server().closeReason(),
                 sessionErrorText(w.server().error()) + QStringLiteral(": pin says no"));
        QCOMPARE(w.client().state(), State::Closed);
        QCOMPARE(int(w.client().closeCode()), expectedCode);
    }

    // Held frames count against maxQueuedBytes as received (ciphertext); one frame past it
    // closes with 1009 (tst_limitsaccept::heldDuringApproval at 4 KiB).
    void heldDuringApproval_data() {
        QTest::addColumn<bool>("onePast");
        QTest::newRow("4 KiB held") << false;
        QTest::newRow("4 KiB + one 1-byte frame") << true;
    }
    void heldDuringApproval() {
        QFETCH(bool, onePast);
        Configs cfg = configs(1);
        cfg.client.verifier = std::make_shared<Fixed>(PeerVerifier::Decision::Ask);
        cfg.client.maxQueuedBytes = 4096;
        cfg.server.firstFrameGraceMs = 0;
        Wire w(std::move(cfg.client), std::move(cfg.server));
        w.run();
        for (int i = 0; i < 4; ++i)
            QCOMPARE(w.send(S, QByteArray(1024 - kMacBytes, char('a' + i))), 1024 - kMacBytes);
        if (onePast)
            QCOMPARE(w.send(S, "z"), qint64(1));
        w.pump();
        if (onePast) {
            QCOMPARE(w.client().state(), State::Closed);
            QCOMPARE(w.client().error(), SessionError::MessageTooBig);
            QCOMPARE(w.client().closeCode(), quint16(1009));
            QVERIFY(w.client().closeReason().contains(QStringLiteral("awaits approval")));
            return;
        }
        QCOMPARE(w.client().heldIncomingMessages(), 4);
        w.call(C, w.client().approvePeer(true));
        QCOMPARE(w.side[C].received.size(), 4);
        QCOMPARE(w.side[C].received.at(3), QByteArray(1024 - kMacBytes, 'd'));
    }

    // First-frame grace (server): what the server sends after securing waits until the
    // client's first frame arrives or the grace timer fires; with no grace it goes at once.
    void firstFrameGrace_data() {
        QTest::addColumn<QString>("release");
        QTest::newRow("client's first frame") << QStringLiteral("frame");
        QTest::newRow("grace timer") << QStringLiteral("timer");
        QTest::newRow("no grace configured") << QStringLiteral("none");
    }
    void firstFrameGrace() {
        QFETCH(QString, release);
        Configs cfg = configs(1);
        if (release == QLatin1String("none"))
            cfg.server.firstFrameGraceMs = 0;
        Wire w(std::move(cfg.client), std::move(cfg.server));
        w.run();
        const auto starts = w.side[S].all<Core::StartTimer>();
        QCOMPARE(starts.back().timer,
                 release == QLatin1String("none") ? Timer::Handshake : Timer::FirstFrameGrace);
        QCOMPARE(w.send(S, "one"), qint64(3));
        QCOMPARE(w.send(S, "two"), qint64(3));
        if (release == QLatin1String("none")) {
            QCOMPARE(w.side[S].writtenBinary.size(), 2);
            return;
        }
        QCOMPARE(starts.back().ms, 60);
        QVERIFY(w.side[S].writtenBinary.isEmpty());
        QCOMPARE(w.server().queuedMessages(), 2);
        if (release == QLatin1String("frame")) {
            w.send(C, "first");
            w.pump();
            // The client's message is reported before the held frames go out.
            const QStringList ev = w.side[S].events();
            QCOMPARE(ev.back(), QStringLiteral("MessageReceived"));
            QCOMPARE(w.side[S].all<Core::StopTimer>().back().timer, Timer::FirstFrameGrace);
        } else {
            w.fire(S, Timer::FirstFrameGrace);
            w.pump();
        }
        QVERIFY(!w.server().holdingOutgoing());
        QCOMPARE(w.server().queuedMessages(), 0);
        QCOMPARE(w.side[C].received, (QList<QByteArray>{"one", "two"}));
        QCOMPARE(w.send(S, "three"), qint64(5)); // straight out now
        QCOMPARE(w.side[S].writtenBinary.size(), 3);
        w.fire(S, Timer::FirstFrameGrace); // a stale timer changes nothing
        QCOMPARE(w.server().state(), State::Secured);
    }

    // Back-pressure (tst_limitsbacklog::unsentBacklog with a 64 KiB limit): frames the kernel has
    // not taken count with their WebSocket headers; a backlog of exactly the limit is kept, one
    // byte more refuses the message (-1) and closes with 4021 and a readable reason; a message sent
    // while nothing waits is always taken.
    void backPressure_data() {
        QTest::addColumn<bool>("onePast");
        QTest::newRow("exactly the limit waiting") << false;
        QTest::newRow("one byte past the limit") << true;
    }
    void backPressure() {
        QFETCH(bool, onePast);
        const qint64 limit = 64 * 1024;
        Configs cfg = configs(1);
        cfg.server.maxUnsentBytes = limit;
        auto w = flowing(std::move(cfg.client), std::move(cfg.server));
        QVERIFY(w);
        w->side[S].stalled = true;
        // More than the limit, with nothing waiting: taken.
        QCOMPARE(w->send(S, QByteArray(limit + 10, 'a')), limit + 10);
        w->resume(S);
        w->pump();
        QCOMPARE(w->server().unsentBytes(), 0);
        w->side[S].stalled = true;
        QCOMPARE(w->send(S, QByteArray(20000, 'b')), qint64(20000));
        const qint64 waiting = w->server().unsentBytes();
        QCOMPARE(waiting, 20000 + 2 + 2 + kMacBytes);
        const qint64 last = limit - waiting - 4 - kMacBytes + (onePast ? 1 : 0);
        QVERIFY(last > 125 && last + kMacBytes <= 0xFFFF);
        const qint64 result = w->send(S, QByteArray(last, 'c'));
        if (!onePast) {
            QCOMPARE(result, last);
            QCOMPARE(w->server().unsentBytes(), limit);
            w->resume(S);
            w->pump();
            QCOMPARE(w->side[C].received.size(), 3);
            QCOMPARE(w->side[C].received.back().size(), last);
            QCOMPARE(w->server().state(), State::Secured);
            return;
        }
        QCOMPARE(result, qint64(-1));
        QCOMPARE(w->server().error(), SessionError::PeerNotReading);
        QCOMPARE(w->server().closeCode(), quint16(4021));
        QCOMPARE(w->server().errorString(),
                 QStringLiteral("peer is not reading what is sent to it: %1 bytes wait to be "
                                "sent, the limit is %2")
                     .arg(waiting)
                     .arg(limit));
        QCOMPARE(w->side[S].writtenBinary.size(), 2); // nothing of the refused message
        QCOMPARE(w->side[S].closeSent->code, quint16(4021));
        QCOMPARE(w->server().state(), State::Closing);
        // The close frame waits behind the backlog; the close timer cuts the peer off.
        QVERIFY(w->server().timerArmed(Timer::Close));
        w->fire(S, Timer::Close);
        QCOMPARE(w->side[S].aborts, 1);
        QCOMPARE(w->server().state(), State::Closed);
        QCOMPARE(w->server().closeCode(), quint16(4021)); // the failure's code stays
        QCOMPARE(w->client().state(), State::Closed);
        QCOMPARE(w->client().closeCode(), quint16(1006)); // dropped, no close frame
    }

    // Local close: both sides end with the code and reason, no error, and the close timer is
    // stopped; a peer that never answers is aborted when the close timer fires.
    void closeHandshake_data() {
        QTest::addColumn<bool>("peerAnswers");
        QTest::newRow("peer answers") << true;
        QTest::newRow("peer silent: close timeout") << false;
    }
    void closeHandshake() {
        QFETCH(bool, peerAnswers);
        Configs cfg = configs(1);
        auto w = flowing(std::move(cfg.client), std::move(cfg.server));
        QVERIFY(w);
        QCOMPARE(w->send(C, "queued?"), qint64(7));
        if (!peerAnswers)
            w->side[C].stalled = true;
        w->call(C, w->client().close(1000, QStringLiteral("bye")));
        QCOMPARE(w->client().state(), State::Closing);
        QCOMPARE(w->send(C, "too late"), qint64(-1));
        const auto start = w->side[C].all<Core::StartTimer>().back();
        QCOMPARE(start.timer, Timer::Close);
        QCOMPARE(start.ms, 2000);
        w->pump();
        if (peerAnswers) {
            QCOMPARE(w->side[S].received, (QList<QByteArray>{"hello", "queued?"}));
            for (int s : {C, S}) {
                QCOMPARE(w->side[s].core->state(), State::Closed);
                QCOMPARE(w->side[s].core->closeCode(), quint16(1000));
                QCOMPARE(w->side[s].core->closeReason(), QStringLiteral("bye"));
                QVERIFY(w->side[s].errors.empty());
                QVERIFY(!w->side[s].core->timerArmed(Timer::Close));
            }
            QCOMPARE(w->side[S].events().mid(w->side[S].events().size() - 2),
                     (QStringList{QStringLiteral("StateChanged(Closed)"),
                                  QStringLiteral("Closed(1000)")}));
            return;
        }
        QCOMPARE(w->client().state(), State::Closing);
        w->fire(C, Timer::Close);
        QCOMPARE(w->side[C].aborts, 1);
        QCOMPARE(w->client().state(), State::Closed);
        QCOMPARE(w->client().closeCode(), quint16(1006));
        QVERIFY(w->side[C].errors.empty());
        w->fire(C, Timer::Close); // stale
        QCOMPARE(w->side[C].aborts, 1);
    }

    // Hostile data frames: tampered, replayed, reordered, truncated, and text after the
    // handshake; each closes with its code, reported as a frame that did not open.
    void hostileFrames_data() {
        QTest::addColumn<QString>("attack");
        QTest::addColumn<int>("code");
        QTest::newRow("tampered") << QStringLiteral("tamper") << 4020;
        QTest::newRow("replayed") << QStringLiteral("replay") << 4020;
        QTest::newRow("reordered") << QStringLiteral("reorder") << 4020;
        QTest::newRow("shorter than the tag") << QStringLiteral("short") << 4020;
        QTest::newRow("text after the handshake") << QStringLiteral("text") << 1003;
    }
    void hostileFrames() {
        QFETCH(QString, attack);
        QFETCH(int, code);
        Configs cfg = configs(2);
        auto w = flowing(std::move(cfg.client), std::move(cfg.server));
        QVERIFY(w);
        const QByteArray hello = w->side[C].writtenBinary.front();
        if (attack == QLatin1String("tamper")) {
            w->send(C, "second");
            w->inFlight.front().data = flipped(w->inFlight.front().data, 20);
        } else if (attack == QLatin1String("replay")) {
            w->inFlight.push_back({InFlight::Binary, S, hello});
        } else if (attack == QLatin1String("reorder")) {
            w->send(C, "second");
            w->send(C, "third");
            std::swap(w->inFlight[0], w->inFlight[1]);
        } else if (attack == QLatin1String("short")) {
            w->inFlight.push_back({InFlight::Binary, S, QByteArray(kMacBytes - 1, 'x')});
        } else {
            w->inFlight.push_back({InFlight::Text, S, "{}"});
        }
        w->pump();
        QCOMPARE(int(w->server().closeCode()), code);
        QCOMPARE(w->server().state(), State::Closed);
        QCOMPARE(int(w->client().closeCode()), code);
        QCOMPARE(w->side[S].received, QList<QByteArray>{"hello"});
        if (code == 4020) {
            QCOMPARE(w->server().error(), SessionError::DecryptFailed);
            QCOMPARE(w->server().closeReason(),
                     QStringLiteral("data frame failed to authenticate: frame %1 failed to "
                                    "authenticate")
                         .arg(w->side[S].frames.back().counter));
            QVERIFY(!w->side[S].frames.back().opened);
            QVERIFY(w->side[S].frames.back().plaintext.isEmpty());
        } else {
            QCOMPARE(w->server().error(), SessionError::TextAfterHandshake);
        }
    }

    // The handshake's own failures through the session: a binary frame, the handshake timer,
    // the peer closing or dropping before the end, an oversized frame.
    void handshakeEnds_data() {
        QTest::addColumn<QString>("what");
        QTest::addColumn<int>("serverError");
        QTest::addColumn<int>("serverCode");
        QTest::addColumn<int>("clientError");
        QTest::addColumn<int>("clientCode");
        const int closedEarly = int(SessionError::PeerClosedDuringHandshake);
        QTest::newRow("binary frame")
            << QStringLiteral("binary") << int(SessionError::BinaryDuringHandshake) << 1003
            << closedEarly << 1003;
        QTest::newRow("handshake timer")
            << QStringLiteral("timeout") << int(SessionError::HandshakeTimeout) << 4015
            << closedEarly << 4015;
        QTest::newRow("frame too big")
            << QStringLiteral("toobig") << int(SessionError::MessageTooBig) << 1009
            << int(SessionError::MessageTooBig) << 1009;
        QTest::newRow("connection drops")
            << QStringLiteral("drop") << closedEarly << 1006 << closedEarly << 1006;
    }
    void handshakeEnds() {
        QFETCH(QString, what);
        QFETCH(int, serverError);
        QFETCH(int, serverCode);
        QFETCH(int, clientError);
        QFETCH(int, clientCode);
        Configs cfg = configs(1);
        Wire w(std::move(cfg.client), std::move(cfg.server));
        w.connect(); // the ClientHello is on its way
        QCOMPARE(w.server().state(), State::Handshaking);
        if (what == QLatin1String("binary"))
            w.inFlight.push_front({InFlight::Binary, S, "data"});
        else if (what == QLatin1String("timeout"))
            w.fire(S, Timer::Handshake);
        else if (what == QLatin1String("toobig"))
            w.call(S, w.server().frameTooBig(70000));
        else
            w.transportClosed(S, {}), w.transportClosed(C, {});
        w.pump();
        QCOMPARE(int(w.server().error()), serverError);
        QCOMPARE(int(w.server().closeCode()), serverCode);
        QCOMPARE(w.server().state(), State::Closed);
        QCOMPARE(int(w.client().error()), clientError);
        QCOMPARE(int(w.client().closeCode()), clientCode);
        QVERIFY(!w.server().timerArmed(Timer::Handshake));
        if (what == QLatin1String("toobig"))
            QCOMPARE(w.server().closeReason(),
                     QStringLiteral("message too big: 70000 bytes, the limit is 65536"));
        if (what == QLatin1String("timeout")) // the peer's close reason
            QCOMPARE(w.client().errorString(),
                     QStringLiteral("handshake timed out: no ClientHello in time"));
    }

    // Handshake time (tst_limits::handshakeTime): a ClientReady before the server's handshake
    // timer fires secures the session (the timer stopped, a late fire harmless); the timer
    // firing first closes with 4015, and a ClientReady after it changes nothing.
    void handshakeTime_data() {
        QTest::addColumn<bool>("readyFirst");
        QTest::newRow("ClientReady in time") << true;
        QTest::newRow("ClientReady late") << false;
    }
    void handshakeTime() {
        QFETCH(bool, readyFirst);
        Configs cfg = configs(1);
        cfg.server.handshakeTimeoutMs = 1000;
        Wire w(std::move(cfg.client), std::move(cfg.server));
        w.connect();
        QCOMPARE(w.side[S].all<Core::StartTimer>().front().ms, 1000);
        w.step(); // ClientHello
        w.step(); // ServerHello; the ClientReady is now in flight
        QCOMPARE(w.inFlight.size(), size_t(1));
        if (readyFirst)
            w.step();
        QVERIFY(w.server().timerArmed(Timer::Handshake) != readyFirst);
        w.fire(S, Timer::Handshake);
        w.pump();
        if (readyFirst) {
            QCOMPARE(w.server().state(), State::Secured);
            QVERIFY(w.side[S].errors.empty());
            return;
        }
        QCOMPARE(w.server().error(), SessionError::HandshakeTimeout);
        QCOMPARE(w.server().closeCode(), quint16(4015));
        QCOMPARE(w.server().state(), State::Closed);
        QVERIFY(w.side[S].all<Core::Secured>().empty());
        // The client had finished its part: the close arrives after it is secured.
        QCOMPARE(w.client().closeCode(), quint16(4015));
    }

    // Client connection attempts: refused is ConnectionFailed with the transport's text, an
    // upgrade answered with another HTTP status NotWebSocketServer; close() while connecting
    // cancels: aborted and Closed at once, Cancelled without an Error event.
    void connecting_data() {
        QTest::addColumn<QString>("how");
        QTest::newRow("refused") << QStringLiteral("refused");
        QTest::newRow("http") << QStringLiteral("http");
        QTest::newRow("cancelled") << QStringLiteral("cancelled");
    }
    void connecting() {
        QFETCH(QString, how);
        const bool cancel = how == QLatin1String("cancelled");
        Core c(configs(1).client, Role::Client);
        QCOMPARE(c.send("early").accepted, qint64(5));
        QCOMPARE(c.open(QUrl(QStringLiteral("ws://localhost:1/"))).all<Core::StateChanged>().size(),
                 size_t(1));
        if (cancel) {
            const Core::Output o = c.close(1001, QStringLiteral("going away"));
            QVERIFY(o.has<Core::AbortTransport>());
            QVERIFY(!o.has<Core::Error>());
            QCOMPARE(o.all<Core::Closed>().size(), size_t(1));
            QCOMPARE(o.all<Core::Closed>()[0].code, kCloseAbnormal);
            QCOMPARE(c.state(), State::Closed);
            QCOMPARE(c.error(), SessionError::Cancelled);
            QCOMPARE(c.queuedMessages(), 0);
            QVERIFY(c.send("late").accepted < 0);
            // What the aborted transport reports afterwards changes nothing.
            QVERIFY(c.transportError(QStringLiteral("Operation canceled")).actions.empty());
            QVERIFY(c.connected(QHostAddress(QHostAddress::LocalHost)).actions.empty());
            QVERIFY(c.transportClosed({}).actions.empty());
            QCOMPARE(c.closeCode(), kCloseAbnormal);
            return;
        }
        const bool http = how == QLatin1String("http");
        const QString text =
            http ? QStringLiteral("QWebSocketPrivate::processHandshake: Unhandled http status "
                                  "code: 200 (OK).")
                 : QStringLiteral("Connection refused");
        const auto e = c.transportError(text).all<Core::Error>();
        QCOMPARE(e.size(), size_t(1));
        QCOMPARE(e[0].error,
                 http ? SessionError::NotWebSocketServer : SessionError::ConnectionFailed);
        QCOMPARE(e[0].errorString,
                 http ? QStringLiteral("not a WebSocket server (HTTP 200)") : text);
        // A late "connected" does not start a handshake on a failed attempt.
        QVERIFY(c.connected(QHostAddress(QHostAddress::LocalHost)).actions.empty());
        QCOMPARE(c.state(), State::Connecting);
        const Core::Output o = c.transportClosed({});
        QCOMPARE(o.has<Core::Error>(), false);
        const auto closed = o.all<Core::Closed>();
        QCOMPARE(closed.size(), size_t(1));
        // No close frame: 1006.
        QCOMPARE(closed[0].code, kCloseAbnormal);
        QCOMPARE(c.error(),
                 http ? SessionError::NotWebSocketServer : SessionError::ConnectionFailed);
        QCOMPARE(c.state(), State::Closed);
        QVERIFY(c.transportClosed({}).actions.empty()); // once
    }

    // The transport closing without an error report while connecting names the failure from
    // its error text too.
    void connectingClosedWithoutError() {
        Core c(configs(1).client, Role::Client);
        c.open(QUrl(QStringLiteral("ws://localhost:1/")));
        Core::TransportClosed how;
        how.errorString =
            QStringLiteral("QWebSocketPrivate::processHandshake: Unhandled http status code: 404");
        const Core::Output o = c.transportClosed(how);
        QCOMPARE(o.all<Core::Error>().size(), size_t(1));
        QCOMPARE(c.error(), SessionError::NotWebSocketServer);
        QCOMPARE(c.closeCode(), kCloseAbnormal);
    }

    // A client whose first message from the server fails the handshake without being meant as
    // a ServerHello (an echo server, a greeting) reports NotSwsServer; a faulty ServerHello
    // keeps its own error.
    void notSwsServer_data() {
        QTest::addColumn<QByteArray>("first");
        QTest::addColumn<bool>("binary");
        QTest::addColumn<SessionError>("expected");
        QTest::newRow("greeting") << QByteArray("hello there") << false
                                  << SessionError::NotSwsServer;
        QTest::newRow("other json")
            << QByteArray(R"({"opc":0,"x":1})") << false << SessionError::NotSwsServer;
        QTest::newRow("binary") << QByteArray("\x01\x02") << true << SessionError::NotSwsServer;
        QTest::newRow("broken hello")
            << QByteArray(R"({"opc":1})") << false << SessionError::MalformedMessage;
    }
    void notSwsServer() {
        QFETCH(QByteArray, first);
        QFETCH(bool, binary);
        QFETCH(SessionError, expected);
        Core c(configs(1).client, Role::Client);
        c.open(QUrl(QStringLiteral("ws://localhost:1/")));
        c.connected(QHostAddress(QHostAddress::LocalHost));
        const Core::Output o = binary ? c.binaryReceived(first) : c.textReceived(first);
        const auto e = o.all<Core::Error>();
        QCOMPARE(e.size(), size_t(1));
        QCOMPARE(e[0].error, expected);
        QCOMPARE(c.error(), expected);
        const auto closes = o.all<Core::CloseTransport>();
        QCOMPARE(closes.size(), size_t(1));
        QCOMPARE(closes[0].code, closeCodeFor(expected));
        // The record of the refused message carries the same failure.
        const auto records = o.all<Core::HandshakeMessage>();
        QVERIFY(!records.empty());
        QVERIFY(records.back().record.failure);
        QCOMPARE(records.back().record.failure->error, expected);
    }

    // Share keys reach the records only when asked for, in the config or later.
    void recordShareKeys_data() {
        QTest::addColumn<bool>("inConfig");
        QTest::addColumn<bool>("later");
        QTest::newRow("off") << false << false;
        QTest::newRow("config") << true << false;
        QTest::newRow("setRecordShareKeys") << false << true;
    }
    void recordShareKeys() {
        QFETCH(bool, inConfig);
        QFETCH(bool, later);
        Configs cf = configs(1);
        cf.client.recordShareKeys = inConfig;
        Wire w(std::move(cf.client), std::move(cf.server));
        if (later)
            w.client().setRecordShareKeys(true);
        w.run();
        QCOMPARE(w.client().state(), State::Secured);
        int withKey = 0;
        const auto records = w.side[Wire::kClient].all<Core::HandshakeMessage>();
        QCOMPARE(records.size(), size_t(3));
        for (const Core::HandshakeMessage &m : records)
            withKey += m.record.boxShareKey ? 1 : 0;
        // The client's ClientReady box (its own share key) and the ServerHello box it opened.
        QCOMPARE(withKey, inConfig || later ? 2 : 0);
        // The server was not asked.
        for (const Core::HandshakeMessage &m : w.side[Wire::kServer].all<Core::HandshakeMessage>())
            QVERIFY(!m.record.boxShareKey);
    }

    // A transport that ends without a close frame (no code) is an abnormal closure: 1006.
    void droppedIs1006() {
        Configs cf = configs(1);
        auto w = flowing(std::move(cf.client), std::move(cf.server));
        QVERIFY(w);
        const Core::Output o = w->client().transportClosed({});
        const auto closed = o.all<Core::Closed>();
        QCOMPARE(closed.size(), size_t(1));
        QCOMPARE(closed[0].code, kCloseAbnormal);
        QCOMPARE(w->client().closeCode(), kCloseAbnormal);
        QCOMPARE(w->client().error(), SessionError::None);
    }
};

QTEST_GUILESS_MAIN(tst_SessionCore)
#include "tst_sessioncore.moc"
