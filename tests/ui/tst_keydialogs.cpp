// The key and certificate dialogs driven like a person would: invalid input shows the inline
// error and writes nothing; valid input writes the files (0600 where secret).
#include "../protocol/trusttestutil.h"
#include "cert/keyfiles.h"
#include "dialogs/certinspectdialog.h"
#include "dialogs/createcadialog.h"
#include "dialogs/exportdialog.h"
#include "dialogs/importdialog.h"
#include "dialogs/issuecertdialog.h"
#include "dialogs/newidentitydialog.h"
#include "inspector/verdictmodel.h"
#include "testutil.h"
#include "trust/trustservice.h"
#include "trust/truststore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace sws;
using namespace sws::ui;
using namespace trusttest;
using namespace testutil;

namespace {

const QString kPass = QStringLiteral("a long enough passphrase");

void type(QLineEdit *edit, const QString &text) {
    edit->clear();
    QTest::keyClicks(edit, text);
}

// Every file under dir, recursively.
QStringList filesUnder(const QString &dir) {
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    return files;
}

} // namespace

class tst_KeyDialogs : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    int m_case = 0;
    Profile fresh() { return Profile(m_tmp.filePath(QStringLiteral("p%1").arg(++m_case))); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        ::umask(022);
    }

    void newIdentity_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("pass");
        QTest::addColumn<QString>("repeat");
        QTest::addColumn<QString>("error"); // empty: valid
        QTest::newRow("empty name") << QString() << QString() << QString() << s("name");
        QTest::newRow("bad name") << s("../up") << QString() << QString() << s("may hold");
        QTest::newRow("short passphrase") << s("me") << s("short") << s("short") << s("at least");
        QTest::newRow("passphrases differ") << s("me") << kPass << kPass + s("!") << s("differ");
        QTest::newRow("unprotected") << s("me") << QString() << QString() << QString();
        QTest::newRow("protected") << s("me") << kPass << kPass << QString();
    }
    void newIdentity() {
        QFETCH(QString, name);
        QFETCH(QString, pass);
        QFETCH(QString, repeat);
        QFETCH(QString, error);
        const Profile profile = fresh();
        NewIdentityDialog dlg(profile);
        type(dlg.nameEdit(), name);
        type(dlg.passphraseEdit(), pass);
        type(dlg.repeatEdit(), repeat);
        if (!error.isEmpty()) {
            QVERIFY(!dlg.okButton()->isEnabled());
            dlg.accept(); // e.g. Enter pressed: the reason shows, nothing is written
            QVERIFY2(dlg.statusText().contains(error), qPrintable(dlg.statusText()));
            QVERIFY(dlg.statusIsError());
            QCOMPARE(dlg.result(), int(QDialog::Rejected));
            QVERIFY(filesUnder(profile.directory()).isEmpty());
            return;
        }
        QVERIFY(dlg.okButton()->isEnabled());
        QVERIFY(!dlg.statusIsError());
        QTest::mouseClick(dlg.okButton(), Qt::LeftButton);
        QCOMPARE(dlg.result(), int(QDialog::Accepted));
        QVERIFY(dlg.created());
        const QStringList files = filesUnder(profile.directory());
        QCOMPARE(files.size(), 1);
        QCOMPARE(modeOf(files.first()), 0600);
        QCOMPARE(modeOf(profile.identityDirectory(s("me"))), 0700);
        QCOMPARE(dlg.created()->locked, !pass.isEmpty());
        FixedPassphrase p(pass);
        auto kp = profile.unlockIdentity(s("me"), &p);
        QVERIFY(kp);
        const QString found = findSecret(readAll(files.first()), kp->secretKey.copyOut());
        QCOMPARE(found.isEmpty(), !pass.isEmpty()); // only the unprotected file holds it
        // The same name again: refused inline.
        NewIdentityDialog again(profile);
        type(again.nameEdit(), s("me"));
        QVERIFY(again.statusText().contains(s("exists")));
    }

    void createCa() {
        const Profile profile = fresh();
        TrustService trust(profile);
        CreateCaDialog dlg(profile, &trust);
        const QString inAYear =
            QDateTime::currentDateTimeUtc().addDays(365).toString(s("yyyy-MM-dd"));
        QVERIFY2(dlg.untilLabel()->text().contains(inAYear), qPrintable(dlg.untilLabel()->text()));
        dlg.daysSpin()->setValue(10);
        const QString inTenDays =
            QDateTime::currentDateTimeUtc().addDays(10).toString(s("yyyy-MM-dd"));
        QVERIFY(dlg.untilLabel()->text().contains(inTenDays));
        type(dlg.nameEdit(), s("bad name"));
        QVERIFY(!dlg.okButton()->isEnabled());
        QVERIFY(dlg.statusIsError());
        dlg.accept();
        QVERIFY(filesUnder(profile.directory()).isEmpty());
        type(dlg.nameEdit(), s("home.lan"));
        type(dlg.passphraseEdit(), kPass);
        type(dlg.repeatEdit(), kPass);
        QVERIFY2(dlg.okButton()->isEnabled(), qPrintable(dlg.statusText()));
        QVERIFY(dlg.trustCheck()->isChecked());
        QTest::mouseClick(dlg.okButton(), Qt::LeftButton);
        QCOMPARE(dlg.result(), int(QDialog::Accepted));
        const Profile::Ca ca = *profile.ca(s("home.lan"));
        QVERIFY(ca.locked);
        QCOMPARE(modeOf(ca.keyPath), 0600);
        QCOMPARE(modeOf(ca.certPath), 0644);
        QCOMPARE(expiryStatus(ca.cert, QDateTime::currentMSecsSinceEpoch()),
                 ExpiryStatus::ExpiresSoon);
        FixedPassphrase p(kPass);
        auto key = profile.unlockCa(s("home.lan"), &p);
        QVERIFY(key);
        QVERIFY(findSecret(readAll(ca.keyPath), key->secretKey.copyOut().left(32)).isEmpty());
        // OK waited for the write: the file holds the trusted CA, and so does the snapshot.
        auto saved = TrustStore::load(profile.trustStorePath());
        QVERIFY(saved && saved->findCa(s("home.lan")));
        QVERIFY(saved->cas().at(*saved->findCa(s("home.lan"))).enabled);
        QVERIFY(trust.snapshot()->findCa(s("home.lan")));
    }

    void issueCertificate() {
        const Profile profile = fresh();
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const cert::CaKey ca = cert::generateCa(s("acme"), now + 100LL * 86400000, now);
        FixedPassphrase caPass(kPass);
        QVERIFY(profile.addCa(s("acme"), ca.cert, &ca.secretKey, &caPass));
        QVERIFY(profile.addIdentity(s("server"), BoxKeyPair::generate(), nullptr));
        ScriptedPassphrase person({s("wrong passphrase!"), kPass});
        person.retry = false;
        IssueCertDialog dlg(profile, &person);
        QCOMPARE(dlg.caCombo()->count(), 1);
        QVERIFY(dlg.identityRadio()->isChecked());
        type(dlg.namesEdit(), s("chat.test"));
        type(dlg.ipsEdit(), s("127.0.0.1, 300.1.1.1"));
        QVERIFY2(dlg.statusText().contains(s("300.1.1.1\" is not an IP address")),
                 qPrintable(dlg.statusText()));
        QVERIFY(!dlg.okButton()->isEnabled());
        type(dlg.ipsEdit(), s("127.0.0.1"));
        type(dlg.macsEdit(), s("00:11:22"));
        QVERIFY(dlg.statusText().contains(s("not a MAC address")));
        type(dlg.macsEdit(), s("00:11:22:33:44:55"));
        dlg.daysSpin()->setValue(200); // past the CA
        QVERIFY2(dlg.statusText().contains(s("may not outlive its CA")),
                 qPrintable(dlg.statusText()));
        dlg.daysSpin()->setValue(30);
        QVERIFY2(dlg.okButton()->isEnabled(), qPrintable(dlg.statusText()));
        QVERIFY(!dlg.statusText().contains(s("Java")));
        // A '/' in a name: still allowed, with the warning inline.
        type(dlg.namesEdit(), s("chat.test, svc.example/x"));
        QVERIFY2(dlg.statusText().contains(s("the Java reference signs it as '\\/' and will not "
                                             "validate this certificate")),
                 qPrintable(dlg.statusText()));
        QVERIFY(dlg.okButton()->isEnabled());
        type(dlg.namesEdit(), s("chat.test"));
        // A wrong passphrase: the dialog stays open with the reason, nothing written.
        QTest::mouseClick(dlg.okButton(), Qt::LeftButton);
        QCOMPARE(person.requests.size(), 1);
        QVERIFY2(dlg.statusText().contains(s("wrong passphrase")), qPrintable(dlg.statusText()));
        QVERIFY(!profile.identity(s("server"))->certificate);
        QTest::mouseClick(dlg.okButton(), Qt::LeftButton);
        QCOMPARE(dlg.result(), int(QDialog::Accepted));
        const auto id = profile.identity(s("server"));
        QVERIFY(id->certificate);
        QCOMPARE(id->certificate->names(), QStringList{s("chat.test")});
        QCOMPARE(id->certificate->ips(), QStringList{s("127.0.0.1")});
        QVERIFY(cert::validate(*id->certificate, &ca.cert, now).valid);

        // Again for the same identity: replacing must be asked for.
        IssueCertDialog second(profile, &person);
        type(second.namesEdit(), s("chat.test"));
        QVERIFY(second.statusText().contains(s("Replace")));
        second.replaceCheck()->setChecked(true);
        QVERIFY(second.okButton()->isEnabled());
        // For a public key file, to a new file.
        second.fileRadio()->setChecked(true);
        QVERIFY(second.statusText().contains(s("public key")));
        const QString pub = m_tmp.filePath(s("issue-pub.json"));
        QVERIFY(keyfiles::writeBoxKeyPair(pub, BoxKeyPair::generate(), true));
        second.keyFileField()->setPath(pub);
        QVERIFY(second.statusText().contains(s("save")));
        const QString out = m_tmp.filePath(s("issued-cert.json"));
        second.outField()->setPath(out);
        QVERIFY2(second.okButton()->isEnabled(), qPrintable(second.statusText()));
        ScriptedPassphrase right({kPass});
        IssueCertDialog third(profile, &right);
        third.fileRadio()->setChecked(true);
        third.keyFileField()->setPath(pub);
        third.outField()->setPath(out);
        type(third.namesEdit(), s("other.test"));
        QTest::mouseClick(third.okButton(), Qt::LeftButton);
        QCOMPARE(third.result(), int(QDialog::Accepted));
        QCOMPARE(keyfiles::readCertificate(out)->publicKey(), *keyfiles::readBoxPublicKey(pub));
        third.revalidate(); // the file exists now
        QVERIFY(third.statusText().contains(s("exists")));
    }

    void inspectCertificate() {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const cert::CaKey ca = cert::generateCa(s("inspect-ca"), now + 86400000LL * 50, now);
        const cert::CaKey otherCa = cert::generateCa(s("inspect-ca"), now + 86400000LL * 50, now);
        const QString caFile = m_tmp.filePath(s("inspect-ca.json"));
        const QString otherFile = m_tmp.filePath(s("other-ca.json"));
        const QString leafFile = m_tmp.filePath(s("inspect-leaf.json"));
        QVERIFY(keyfiles::writeCertificate(caFile, ca.cert, false));
        QVERIFY(keyfiles::writeCertificate(otherFile, otherCa.cert, false));
        auto leaf = cert::sign(
            {BoxKeyPair::generate().publicKey, {s("a.test")}, {}, {}, now + 86400000LL * 10}, ca,
            now);
        QVERIFY(keyfiles::writeCertificate(leafFile, *leaf, false));
        const Profile profile = fresh();
        CertInspectDialog dlg(profile, nullptr);
        QVERIFY(!dlg.okButton()); // writes nothing: Close only
        dlg.certField()->setPath(m_tmp.filePath(s("missing.json")));
        QVERIFY(dlg.statusIsError());
        QCOMPARE(dlg.rulesModel()->rowCount(), 0);
        dlg.certField()->setPath(leafFile);
        QVERIFY(dlg.summaryLabel()->text().contains(s("a.test")));
        dlg.caCombo()->setCurrentIndex(1); // a CA file
        dlg.caFileField()->setPath(otherFile);
        QVERIFY(dlg.verdict() && !dlg.verdict()->valid);
        QVERIFY2(dlg.statusText().startsWith(s("Not valid")), qPrintable(dlg.statusText()));
        bool failedShown = false;
        for (int r = 0; r < dlg.rulesModel()->rowCount(); ++r)
            failedShown = failedShown ||
                          !dlg.rulesModel()->index(r, 0).data(VerdictModel::PassedRole).toBool();
        QVERIFY(failedShown);
        dlg.caFileField()->setPath(caFile);
        QVERIFY2(dlg.verdict()->valid, qPrintable(dlg.statusText()));
        QCOMPARE(dlg.rulesModel()->rowCount(), int(dlg.verdict()->rules.size()));
        QVERIFY(dlg.rulesModel()->rowCount() >= 5);
        for (int r = 0; r < dlg.rulesModel()->rowCount(); ++r)
            QVERIFY(dlg.rulesModel()->index(r, 0).data(VerdictModel::PassedRole).toBool());
        QVERIFY(!dlg.statusIsError());
        type(dlg.hostEdit(), s("evil.test"));
        QVERIFY(!dlg.verdict()->valid);
        const int last = dlg.rulesModel()->rowCount() - 1;
        QCOMPARE(dlg.rulesModel()->index(last, 0).data().toString(),
                 VerdictModel::ruleTitle(cert::Rule::EndpointBinding));
        QVERIFY(!dlg.rulesModel()->index(last, 0).data(VerdictModel::PassedRole).toBool());
        type(dlg.hostEdit(), s("www.a.test"));
        QVERIFY(dlg.verdict()->valid);
    }

    void importAndExport() {
        const Profile profile = fresh();
        const QString src = m_tmp.filePath(s("import-kp.json"));
        QVERIFY(keyfiles::writeBoxKeyPair(src, BoxKeyPair::generate(), true));
        ImportDialog imp(profile, nullptr);
        imp.fileField()->setPath(m_tmp.filePath(s("nope.json")));
        type(imp.nameEdit(), s("imported"));
        QVERIFY(imp.statusIsError() && !imp.okButton()->isEnabled());
        imp.fileField()->setPath(src);
        type(imp.passphraseEdit(), kPass);
        type(imp.repeatEdit(), kPass);
        QVERIFY2(imp.okButton()->isEnabled(), qPrintable(imp.statusText()));
        QTest::mouseClick(imp.okButton(), Qt::LeftButton);
        QCOMPARE(imp.result(), int(QDialog::Accepted));
        QVERIFY(profile.identity(s("imported"))->locked);

        ScriptedPassphrase person({kPass});
        ExportDialog exp(profile, &person);
        exp.select(ExportDialog::What::IdentityKeyPair, s("imported"));
        QVERIFY(!exp.okButton()->isEnabled()); // no file yet
        exp.outField()->setPath(src);          // exists
        QVERIFY(exp.statusText().contains(s("exists")));
        const QString out = m_tmp.filePath(s("exported-kp.json"));
        exp.outField()->setPath(out);
        QVERIFY(exp.okButton()->isEnabled());
        QTest::mouseClick(exp.okButton(), Qt::LeftButton);
        QCOMPARE(exp.result(), int(QDialog::Accepted));
        QCOMPARE(person.requests.size(), 1);
        QCOMPARE(readAll(out), readAll(src)); // byte-compatible with the reference file
        QCOMPARE(modeOf(out), 0600);

        ExportDialog pub(profile, nullptr);
        pub.select(ExportDialog::What::IdentityPublicKey, s("imported"));
        QCOMPARE(pub.sourceCombo()->currentData().toString(), s("imported"));
        const QString pubOut = m_tmp.filePath(s("exported-pub.json"));
        pub.outField()->setPath(pubOut);
        QVERIFY(pub.statusText().contains(s("no secret")));
        QTest::mouseClick(pub.okButton(), Qt::LeftButton);
        QCOMPARE(pub.result(), int(QDialog::Accepted));
        QCOMPARE(*keyfiles::readBoxPublicKey(pubOut), *keyfiles::readBoxPublicKey(src));
        QVERIFY(!readAll(pubOut).contains("secretkey"));
    }
};

QTEST_MAIN(tst_KeyDialogs)
#include "tst_keydialogs.moc"
