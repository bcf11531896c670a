// nacl-cert against the Java reference (tests/vectors/java-certs.json): its field orders,
// signing text and verdicts, and its certificates on the wire.
#include "naclcertfixture.h"
#include "session/securewebsocket.h"
#include "session/securewebsocketserver.h"

#include <QDateTime>
#include <QSignalSpy>

using namespace naclcerttest;

class tst_NaclCertJava : public QObject, private NaclCertFixture {
    Q_OBJECT

private:
    json::Value m_java; // tests/vectors/java-certs.json

    // "java_made.ca" -> m_java.java_made.ca; "slash_escaping" -> m_java.slash_escaping.
    const json::Value &javaEntry(const QString &path) {
        const json::Value *v = &m_java;
        for (const QString &part : path.split(QLatin1Char('.')))
            v = v->find(part);
        if (!v)
            qFatal("no %s in java-certs.json", qPrintable(path));
        return *v;
    }

    // Adds a row of javaVerdicts(): a certificate text, its CA's text, nacl-cert's verdict
    // and, for a signature failure, the explanation the Signature rule must give.
    static void javaRow(const QString &name, const QByteArray &certText, const QByteArray &caText,
                        bool nodeVerdict, const QString &explanation = {}) {
        QTest::newRow(qPrintable(name)) << certText << caText << nodeVerdict << explanation;
    }

private Q_SLOTS:
    void initTestCase() {
        setUpFixture();
        m_java = loadJavaVectors();
        QVERIFY2(m_java.isObject() && m_java.contains(s("about")),
                 "tests/vectors/java-certs.json missing");
    }

    // ---- The Java reference (tests/vectors/java-certs.json) -------------------------------

    void javaFieldOrders() {
        const json::Value &order = javaEntry(s("canonical_order"));
        QCOMPARE(cert::javaFieldOrder(true), stringsOf(*order.find(s("self_signed_ca"))));
        QCOMPARE(cert::javaFieldOrder(false), stringsOf(*order.find(s("ca_signed"))));
        const json::Value &js = *order.find(s("for_comparison_sws_and_nacl_cert_order"));
        QCOMPARE(cert::naclCertFieldOrder(true), stringsOf(*js.find(s("self_signed_ca"))));
        QCOMPARE(cert::naclCertFieldOrder(false), stringsOf(*js.find(s("ca_signed"))));
    }

    // The bytes the Java reference signs, for every certificate of the vectors, byte-exact.
    void javaSigningText_data() {
        QTest::addColumn<QByteArray>("certText");
        QTest::addColumn<QByteArray>("expected");
        QTest::addColumn<QByteArray>("javaWireText");
        const json::Value &texts = *javaEntry(s("canonical_order")).find(s("java_signing_texts"));
        QVERIFY(texts.size() >= 9);
        for (const json::Member &m : texts.members()) {
            const json::Value &entry = javaEntry(m.key);
            QByteArray wire = textOf(entry, "java_wire_text");
            if (wire.isEmpty())
                wire = textOf(entry, "wire_text");
            QTest::newRow(qPrintable(m.key))
                << textOf(entry, "file_text") << m.value.toString().toUtf8() << wire;
        }
    }
    void javaSigningText() {
        QFETCH(QByteArray, certText);
        QFETCH(QByteArray, expected);
        QFETCH(QByteArray, javaWireText);
        const auto c = Certificate::fromBytes(certText);
        QVERIFY2(c, qPrintable(c ? QString() : c.error()));
        QCOMPARE(cert::javaSigningText(c->desc()), expected);
        // What a Java peer sends (Cert.toJSON()): the same desc text, then sign as it was.
        if (!javaWireText.isEmpty()) {
            QCOMPARE(QByteArray("{\"desc\":") + cert::javaSigningText(c->desc()) +
                         ",\"sign\":" + json::serialize(*c->raw().find(s("sign"))) + "}",
                     javaWireText);
        }
    }

    // Our verdict on every certificate of the vectors equals nacl-cert's; a signature that
    // fails only because of the other reference's serialisation says so.
    void javaVerdicts_data() {
        QTest::addColumn<QByteArray>("certText");
        QTest::addColumn<QByteArray>("caText");
        QTest::addColumn<bool>("nodeVerdict");
        QTest::addColumn<QString>("explanation");
        const QString reordered =
            s("re-ordered after signing, as a Java peer does when it sends a certificate");
        const QString javaOrder = s("signed over the Java reference's field order");
        for (const char *name : {"ca", "server", "client", "ca_rejected_by_java"}) {
            const json::Value &e = javaEntry(s("java_made.") + QLatin1String(name));
            QVERIFY(e.find(s("node_nacl_cert_verdict"))->isBool());
            javaRow(s("java_made.%1").arg(QLatin1String(name)), textOf(e, "file_text"),
                    textOf(e, "ca_cert_text"), flagOf(e, "node_nacl_cert_verdict"));
            if (e.contains(s("wire_text")))
                javaRow(s("java_made.%1 as a Java peer sends it").arg(QLatin1String(name)),
                        textOf(e, "wire_text"), textOf(e, "ca_cert_text"),
                        flagOf(e, "node_nacl_cert_verdict"));
            // The same certificate re-ordered as nacl-cert writes: the Java order explains it.
            auto doc = json::parse(textOf(e, "file_text"));
            QVERIFY(doc);
            const json::Value &desc = *doc->find(s("desc"));
            json::Value jsDesc = json::Value::object();
            for (const QString &key :
                 cert::naclCertFieldOrder(desc.find(s("type"))->toString() == s("self")))
                jsDesc.insert(key, *desc.find(key));
            json::Value jsDoc = *doc;
            jsDoc.insert(s("desc"), jsDesc);
            javaRow(s("java_made.%1 in nacl-cert's order").arg(QLatin1String(name)),
                    json::serialize(jsDoc), textOf(e, "ca_cert_text"), false, javaOrder);
        }
        const json::Value &slash = javaEntry(s("slash_escaping"));
        javaRow(s("slash_escaping"), textOf(slash, "file_text"), textOf(slash, "ca_cert_text"),
                flagOf(slash, "node_nacl_cert_verdict"),
                s("signed over the Java reference's text, which writes '/' as '\\/'"));
        for (const char *name : {"ca", "server", "client_signed_by_java_ca", "builtin_root_ca"}) {
            const json::Value &e = javaEntry(s("reordered_on_wire.") + QLatin1String(name));
            javaRow(s("reordered_on_wire.%1 as made").arg(QLatin1String(name)),
                    textOf(e, "file_text"), textOf(e, "ca_cert_text"),
                    flagOf(e, "node_nacl_cert_verdict_on_file_text"));
            QVERIFY(!flagOf(e, "node_nacl_cert_verdict_on_java_wire_text"));
            javaRow(s("reordered_on_wire.%1 as a Java peer sends it").arg(QLatin1String(name)),
                    textOf(e, "java_wire_text"), textOf(e, "ca_cert_text"),
                    flagOf(e, "node_nacl_cert_verdict_on_java_wire_text"), reordered);
        }
    }
    void javaVerdicts() {
        QFETCH(QByteArray, certText);
        QFETCH(QByteArray, caText);
        QFETCH(bool, nodeVerdict);
        QFETCH(QString, explanation);
        const auto c = Certificate::fromBytes(certText);
        QVERIFY2(c, qPrintable(c ? QString() : c.error()));
        std::optional<Certificate> ca;
        if (!caText.isEmpty()) {
            auto parsed = Certificate::fromBytes(caText);
            QVERIFY(parsed);
            ca = *parsed;
        }
        const cert::Verdict v = cert::validate(*c, ca ? &*ca : nullptr, kNow);
        QCOMPARE(v.valid, nodeVerdict);
        if (nodeVerdict) {
            QVERIFY(explanation.isEmpty());
            return;
        }
        QCOMPARE(v.failedRule, std::optional<Rule>(Rule::Signature));
        QVERIFY2(v.message.startsWith(explanation), qPrintable(v.message));
        QCOMPARE(v.rules.back().rule, Rule::Signature);
        QCOMPARE(v.rules.back().detail, v.message);
        // The close reason a peer gets (clipped to 123 bytes) still carries the explanation.
        const SessionFailure f =
            makeFailure(SessionError::CertificateRefused, v.message, v.failedRule);
        QVERIFY2(f.reason.contains(explanation), qPrintable(f.reason));
        // A peer certificate takes the same path.
        if (ca && !c->isSelfSigned()) {
            const cert::Verdict peer =
                cert::validatePeer(*c, {*ca}, c->publicKey(), {}, false, kNow);
            QCOMPARE(peer.failedRule, std::optional<Rule>(Rule::Signature));
            QVERIFY2(peer.message.startsWith(explanation), qPrintable(peer.message));
        }
    }

    // A Java peer sends our certificate re-ordered: the session is refused, and the close
    // reason both sides see says why.
    void reorderedPeerCertificateOnTheWire() {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const cert::CaKey ca = cert::generateCa(s("wire-ca"), now + kDay, now);
        const BoxKeyPair serverKeys = BoxKeyPair::generate();
        const auto made = cert::sign(
            {serverKeys.publicKey, {s("localhost")}, {s("127.0.0.1")}, {}, now + kDay / 2}, ca,
            now);
        QVERIFY(made);
        // Signed in nacl-cert's order, then re-ordered as a Java peer sends it.
        json::Value jsDesc = json::Value::object();
        for (const QString &key : cert::naclCertFieldOrder(false))
            jsDesc.insert(key, *made->desc().find(key));
        const Certificate jsMade = signManually(jsDesc, ca.secretKey);
        QVERIFY(cert::validate(jsMade, &ca.cert, now).valid);
        const auto onWire = Certificate::fromBytes(
            "{\"desc\":" + cert::javaSigningText(jsMade.desc()) +
            ",\"sign\":" + json::serialize(*jsMade.raw().find(s("sign"))) + "}");
        QVERIFY(onWire);

        ServerConfig sc;
        sc.session.version = 2;
        sc.session.keyPair = serverKeys.clone();
        sc.session.certificate = *onWire;
        sc.session.trustedCas = {ca.cert};
        SecureWebSocketServer server(std::move(sc));
        QSignalSpy failed(&server, &SecureWebSocketServer::handshakeFailed);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        SessionConfig cc;
        cc.version = 2;
        cc.keyPair = BoxKeyPair::generate();
        cc.trustedCas = {ca.cert};
        SecureWebSocket client(std::move(cc));
        QSignalSpy verdicts(&client, &SecureWebSocket::peerCertificateChecked);
        client.open(server.serverUrl());
        QTRY_COMPARE(client.state(), SecureWebSocket::State::Closed);
        QCOMPARE(client.error(), SessionError::CertificateRefused);
        const QString why = s("re-ordered after signing, as a Java peer does");
        QVERIFY2(client.errorString().contains(why), qPrintable(client.errorString()));
        QCOMPARE(verdicts.size(), 1);
        const auto verdict = verdicts.first().first().value<cert::Verdict>();
        QCOMPARE(verdict.failedRule, std::optional<Rule>(Rule::Signature));
        QTRY_COMPARE(failed.size(), 1);
        QVERIFY2(failed.first().at(2).toString().contains(why),
                 qPrintable(failed.first().at(2).toString()));
    }

    // A plain bad signature gets no explanation.
    void unexplainedSignatureFailure() {
        const auto c =
            cert::sign({m_leafKeys.publicKey, {s("a.test")}, {}, {}, kNow + kDay}, *m_ca, kNow);
        QVERIFY(c);
        const cert::Verdict v = cert::validate(*c, &m_otherCa->cert, kNow);
        QCOMPARE(v.failedRule, std::optional<Rule>(Rule::CaName));
        QByteArray sig = c->signature();
        sig[0] = static_cast<char>(sig[0] ^ 1);
        const Certificate bad = mustParse(withSignature(c->raw(), sig));
        const cert::Verdict w = cert::validate(bad, &m_ca->cert, kNow);
        QCOMPARE(w.failedRule, std::optional<Rule>(Rule::Signature));
        QCOMPARE(w.message, s("the signature does not verify with the CA key"));
    }

    // Certificates made here: their text order is the Java order, so the Java reference's
    // signing text is the text as written, unless a string holds '/' (then a warning).
    void madeInJavaOrder() {
        const cert::CertRequest req{m_leafKeys.publicKey,
                                    {s("a.test")},
                                    {s("127.0.0.1")},
                                    {s("02:00:00:00:00:01")},
                                    kNow + kDay};
        const auto c = cert::sign(req, *m_ca, kNow);
        QVERIFY(c);
        QCOMPARE(keysOf(c->desc()), cert::javaFieldOrder(false));
        QCOMPARE(cert::javaSigningText(c->desc()), json::serialize(c->desc()));
        QCOMPARE(cert::javaSigningText(m_ca->cert.desc()), json::serialize(m_ca->cert.desc()));
        QVERIFY(cert::javaSlashWarning(req.names + req.ips + req.macs).isEmpty());

        cert::CertRequest slashed = req;
        slashed.names = QStringList{s("a.test"), s("svc.example/x")};
        const auto d = cert::sign(slashed, *m_ca, kNow);
        QVERIFY(d);
        QVERIFY(cert::validate(*d, &m_ca->cert, kNow).valid); // nacl-cert's rule
        QVERIFY(cert::javaSigningText(d->desc()) != json::serialize(d->desc()));
        QVERIFY(cert::javaSigningText(d->desc()).contains("svc.example\\/x"));
        const QString warning = cert::javaSlashWarning(slashed.names);
        QVERIFY(warning.contains(s("\"svc.example/x\"")));
        QVERIFY(warning.contains(s("Java reference")));
    }

    // New CA keys never have bit 7 of the last public-key byte set.
    void newCaKeysHaveTheTopBitClear() {
        for (int i = 0; i < 40; ++i) {
            const cert::CaKey ca = cert::generateCa(s("ca"), kNow + kDay, kNow);
            QVERIFY(static_cast<unsigned char>(ca.cert.publicKey().at(31)) < 0x80);
        }
    }
};

QTEST_GUILESS_MAIN(tst_NaclCertJava)
#include "tst_naclcertjava.moc"
