// Accessibility and keyboard: every interactive control of the main window and of every dialog
// has an accessible name a screen reader can speak (checked through QAccessible, as assistive
// technology sees it), and every menu action can be reached from the keyboard.
#include "chat/chatdelegate.h"
#include "chat/chatmodel.h"
#include "connections/clientconnection.h"
#include "connections/connectionview.h"
#include "connections/hostedroom.h"
#include "dialogs/certinspectdialog.h"
#include "dialogs/connectdialog.h"
#include "dialogs/createcadialog.h"
#include "dialogs/dialogbase.h"
#include "dialogs/exportdialog.h"
#include "dialogs/hostdialog.h"
#include "dialogs/importdialog.h"
#include "dialogs/invitedialog.h"
#include "dialogs/issuecertdialog.h"
#include "dialogs/joininvitationdialog.h"
#include "dialogs/newidentitydialog.h"
#include "dialogs/passphrasedialog.h"
#include "history/historyexportdialog.h"
#include "history/historysearchdialog.h"
#include "history/historystore.h"
#include "proxy/interceptwindow.h"
#include "testutil.h"
#include "trust/invitation.h"
#include "trust/peerkeydialog.h"
#include "trust/trustmanagerdialog.h"
#include "trust/trustservice.h"
#include "window/appsettings.h"
#include "window/mainwindow.h"
#include "window/startoptions.h"
#include "window/theme.h"

#include <QAbstractButton>
#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QGroupBox>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QPainter>
#include <QRegularExpression>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

#include <cmath>
#include <functional>
#include <memory>

using namespace sws;
using namespace sws::ui;
using namespace testutil;

namespace {

bool isInteractive(QAccessible::Role role) {
    switch (role) {
    case QAccessible::PushButton:
    case QAccessible::CheckBox:
    case QAccessible::RadioButton:
    case QAccessible::ComboBox:
    case QAccessible::EditableText:
    case QAccessible::SpinBox:
    case QAccessible::Slider:
    case QAccessible::ScrollBar:
    case QAccessible::Dial:
    case QAccessible::List:
    case QAccessible::Table:
    case QAccessible::Tree:
    case QAccessible::PageTab:
    case QAccessible::PageTabList:
    case QAccessible::MenuItem:
    case QAccessible::ButtonMenu:
    case QAccessible::ButtonDropDown:
    case QAccessible::Link:
        return true;
    default:
        return false;
    }
}

// The widget behind an interface, for the failure message: objectName, class and parents.
QString describe(QAccessibleInterface *iface) {
    QStringList chain;
    for (QObject *o = iface->object(); o; o = o->parent()) {
        const QString name = o->objectName();
        chain << (name.isEmpty() ? QString::fromLatin1(o->metaObject()->className())
                                 : QStringLiteral("%1#%2").arg(
                                       QString::fromLatin1(o->metaObject()->className()), name));
        if (chain.size() == 4)
            break;
    }
    if (!iface->object())
        chain << QStringLiteral("(%1 inside)").arg(int(iface->role()));
    return QStringLiteral("role %1 text '%2' in %3")
        .arg(int(iface->role()))
        .arg(iface->text(QAccessible::Description))
        .arg(chain.join(QStringLiteral(" < ")));
}

// A name someone can understand: at least one letter or digit ("…" or "+" alone is not).
bool isSpeakable(const QString &name) {
    static const QRegularExpression word(QStringLiteral("[\\p{L}\\p{N}]"));
    return word.match(name).hasMatch();
}

// Walks the accessible tree under iface; every visible interactive node without a speakable
// name is added to missing. Item views are checked as a whole, not cell by cell; scroll bars
// and the parts Qt builds inside a control (a spin box's arrows) are Qt's own business.
void walk(QAccessibleInterface *iface, QStringList *missing, int depth = 0) {
    if (!iface || !iface->isValid() || depth > 40)
        return;
    const QAccessible::State state = iface->state();
    if (state.invisible)
        return;
    const QAccessible::Role role = iface->role();
    if (role == QAccessible::ScrollBar)
        return;
    if (isInteractive(role) && !isSpeakable(iface->text(QAccessible::Name)))
        missing->append(describe(iface));
    if (role == QAccessible::List || role == QAccessible::Table || role == QAccessible::Tree ||
        role == QAccessible::ComboBox || role == QAccessible::SpinBox)
        return;
    for (int i = 0; i < iface->childCount(); ++i)
        walk(iface->child(i), missing, depth + 1);
}

QStringList unnamedControls(QWidget *top) {
    QStringList missing;
    walk(QAccessible::queryAccessibleInterface(top), &missing);
    return missing;
}

// The letter after '&' in a menu text, lower case; null when there is none.
QChar mnemonic(const QString &text) {
    for (int i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) == QLatin1Char('&')) {
            ++i;
            continue;
        }
        return text.at(i + 1).toLower();
    }
    return {};
}

// Every action of menu (and its submenus) reachable by its mnemonic or a shortcut, mnemonics
// unique within a menu.
void checkMenu(QMenu *menu, QStringList *problems) {
    QSet<QChar> used;
    for (QAction *a : menu->actions()) {
        if (a->isSeparator() || !a->isVisible())
            continue;
        const QChar m = mnemonic(a->text());
        if (m.isNull() && a->shortcut().isEmpty() && a->isEnabled())
            problems->append(
                QStringLiteral("%1 > %2: no mnemonic, no shortcut").arg(menu->title(), a->text()));
        if (!m.isNull() && used.contains(m))
            problems->append(QStringLiteral("%1 > %2: mnemonic '%3' used twice")
                                 .arg(menu->title(), a->text(), QString(m)));
        used.insert(m);
        if (a->menu())
            checkMenu(a->menu(), problems);
    }
}

// A dark palette as a dark desktop theme sets it.
QPalette darkPalette() {
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30), base(0x1e, 0x1f, 0x22), text(0xe6, 0xe7, 0xe9);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x8c, 0x90));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x74, 0xc0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    return p;
}

// WCAG 2: relative luminance of an sRGB colour, and the contrast ratio of two.
double luminance(const QColor &c) {
    const auto lin = [](double v) {
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF());
}
double contrast(const QColor &a, const QColor &b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// Sets the application palette for the life of the object.
struct PaletteScope {
    QPalette saved = QApplication::palette();
    explicit PaletteScope(const QPalette &p) { QApplication::setPalette(p); }
    ~PaletteScope() { QApplication::setPalette(saved); }
};

// One message of a Linguist catalog (translations/sws-desktop_LANG.ts), as Qt looks it up.
struct CatalogEntry {
    QString context, source, comment;
};
// Every message of the catalog; an error (the file, or its XML) in *error.
QList<CatalogEntry> readCatalog(const char *lang, QString *error) {
    QList<CatalogEntry> entries;
    QFile ts(
        QStringLiteral(SWS_SOURCE_DIR "/translations/sws-desktop_%1.ts").arg(QLatin1String(lang)));
    if (!ts.open(QIODevice::ReadOnly)) {
        *error = ts.fileName() + QStringLiteral(": ") + ts.errorString();
        return entries;
    }
    QXmlStreamReader xml(&ts);
    QString context;
    CatalogEntry e;
    while (!xml.atEnd()) {
        const auto token = xml.readNext();
        if (token == QXmlStreamReader::StartElement) {
            if (xml.name() == QLatin1String("name"))
                context = xml.readElementText();
            else if (xml.name() == QLatin1String("message"))
                e = {context, {}, {}};
            else if (xml.name() == QLatin1String("source"))
                e.source = xml.readElementText();
            else if (xml.name() == QLatin1String("comment"))
                e.comment = xml.readElementText();
        } else if (token == QXmlStreamReader::EndElement &&
                   xml.name() == QLatin1String("message")) {
            entries << e;
        }
    }
    if (xml.hasError())
        *error = ts.fileName() + QStringLiteral(": ") + xml.errorString();
    return entries;
}

// A translator that marks the texts the German catalog holds, looked up the way Qt looks them
// up (context, source text, disambiguation): a visible text without the mark never went through
// tr(), or went through it under a context or with a text the catalog lacks (a stale catalog,
// or a context lupdate files the text under and the code does not ask with), so no catalog
// would ever translate it.
class MarkingTranslator : public QTranslator {
public:
    explicit MarkingTranslator(const QList<CatalogEntry> &catalog) {
        for (const CatalogEntry &e : catalog)
            m_known.insert(key(e.context, e.source, e.comment));
    }
    int size() const { return int(m_known.size()); }
    bool isEmpty() const override { return false; }
    QString translate(const char *context, const char *source, const char *disambiguation,
                      int) const override {
        const QString s = QString::fromUtf8(source);
        const QString c = QString::fromUtf8(context);
        // Qt's own texts (standard buttons: QPlatformTheme) come from Qt's catalogs.
        const bool qts = c.startsWith(QLatin1Char('Q')) && c != QLatin1String("QObject");
        if (!qts &&
            !m_known.contains(key(c, s, QString::fromUtf8(disambiguation ? disambiguation : ""))))
            return {};
        return QStringLiteral("⟦%1⟧").arg(s);
    }

private:
    static QString key(const QString &context, const QString &source, const QString &comment) {
        return context + QChar(0x1f) + source + QChar(0x1f) + comment;
    }
    QSet<QString> m_known;
};

// Texts that are data, not words to translate: numbers and signs, fingerprints and short
// fingerprints, addresses and URLs, file names, times, and the demo's own values.
bool isData(const QString &text) {
    static const QRegularExpression data(QStringLiteral(
        "^(?:[^\\p{L}]*|(?:[0-9a-f]{4,}\\s*)+|[a-z]+://\\S+|[\\w.-]+:\\d+/?\\S*|\\S+\\.json|"
        "\\d\\d:\\d\\d:\\d\\d|[A-Z0-9+/=_-]{20,})$"));
    return data.match(text.trimmed()).hasMatch();
}

// The visible texts of top and its children that a person reads, with where they come from.
QStringList visibleTexts(QWidget *top) {
    QStringList out;
    const auto add = [&out](const QString &text, QObject *from) {
        QString plain = text;
        if (Qt::mightBeRichText(plain))
            plain.remove(QRegularExpression(QStringLiteral("<[^>]*>")));
        if (plain.trimmed().isEmpty() || text.contains(QStringLiteral("⟦")) || isData(plain))
            return;
        out << QStringLiteral("'%1' in %2#%3")
                   .arg(text.left(80), QString::fromLatin1(from->metaObject()->className()),
                        from->objectName());
    };
    add(top->windowTitle(), top);
    QList<QWidget *> widgets = top->findChildren<QWidget *>();
    widgets.prepend(top);
    for (QWidget *w : widgets) {
        if (!w->isVisibleTo(top) && w != top)
            continue;
        if (auto *b = qobject_cast<QAbstractButton *>(w))
            add(b->text(), w);
        else if (auto *l = qobject_cast<QLabel *>(w))
            add(l->text(), w);
        else if (auto *g = qobject_cast<QGroupBox *>(w))
            add(g->title(), w);
        else if (auto *e = qobject_cast<QLineEdit *>(w))
            add(e->placeholderText(), w);
        else if (auto *t = qobject_cast<QTabBar *>(w))
            for (int i = 0; i < t->count(); ++i)
                add(t->tabText(i), w);
        add(w->toolTip(), w);
        for (QAction *a : w->actions())
            add(a->text(), a);
    }
    if (auto *mw = qobject_cast<QMainWindow *>(top))
        for (QMenu *m : mw->menuBar()->findChildren<QMenu *>()) {
            add(m->title(), m);
            for (QAction *a : m->actions())
                add(a->text(), a);
        }
    out.removeDuplicates();
    return out;
}

// The widgets Tab visits in top, in focus-chain order.
QList<QWidget *> tabChain(QWidget *top) {
    QList<QWidget *> chain;
    QWidget *w = top;
    for (int guard = 0; guard < 500; ++guard) {
        w = w->nextInFocusChain();
        if (w == top)
            break;
        if ((w->focusPolicy() & Qt::TabFocus) && w->isVisibleTo(top) && w->isEnabled() &&
            !w->focusProxy() && !chain.contains(w))
            chain << w;
    }
    return chain;
}

// A step of the Tab order that goes back up the dialog (to a widget clearly above the previous
// one, in the same column band) is a wrong order; the wrap from the last to the first is not.
QStringList tabOrderProblems(QWidget *top) {
    QStringList problems;
    const QList<QWidget *> chain = tabChain(top);
    for (int i = 1; i < chain.size(); ++i) {
        const QRect a(chain[i - 1]->mapTo(top, QPoint(0, 0)), chain[i - 1]->size());
        const QRect b(chain[i]->mapTo(top, QPoint(0, 0)), chain[i]->size());
        const bool overlapColumns = a.left() < b.right() && b.left() < a.right();
        if (overlapColumns && b.bottom() < a.top())
            problems << QStringLiteral("Tab goes up from %1#%2 to %3#%4")
                            .arg(QString::fromLatin1(chain[i - 1]->metaObject()->className()),
                                 chain[i - 1]->objectName(),
                                 QString::fromLatin1(chain[i]->metaObject()->className()),
                                 chain[i]->objectName());
    }
    return problems;
}

// Every dialog class of ui/, built as the app builds it (which: the row of
// dialogControlsAreNamed_data); its profile and trust service live in the Fixture.
struct Fixture {
    explicit Fixture(const QString &dir)
        : p(dir)
        , trust(p) {}
    Profile p;
    TrustService trust;
    DialogPassphraseProvider passphrases{nullptr};
    std::unique_ptr<HistoryStore> history; // the history dialogs' store
};

std::unique_ptr<QDialog> makeDialog(int which, Fixture &f) {
    const Profile &p = f.p;
    TrustService &trust = f.trust;
    DialogPassphraseProvider &passphrases = f.passphrases;
    std::unique_ptr<QDialog> dlg;
    PinningVerifier::Outcome outcome;
    outcome.endpoint = s("chat.test:8080/room");
    outcome.presentedKey = BoxKeyPair::generate().publicKey;
    switch (which) {
    case 0:
        dlg = std::make_unique<CertInspectDialog>(p, nullptr);
        break;
    case 1:
        dlg = std::make_unique<ConnectDialog>(QList<RecentEntry>{});
        break;
    case 2:
        dlg = std::make_unique<CreateCaDialog>(p, &trust);
        break;
    case 3:
        dlg = std::make_unique<ExportDialog>(p, &passphrases);
        break;
    case 4:
        dlg = std::make_unique<HostDialog>();
        break;
    case 5:
        dlg = std::make_unique<ImportDialog>(p, &trust);
        break;
    case 6: {
        Invitation inv;
        inv.url = QUrl(s("ws://127.0.0.1:8080/room"));
        inv.serverKey = BoxKeyPair::generate().publicKey;
        inv.title = s("room");
        dlg = std::make_unique<InviteDialog>(inv);
        break;
    }
    case 7:
        dlg = std::make_unique<IssueCertDialog>(p, &passphrases);
        break;
    case 8:
        dlg = std::make_unique<JoinInvitationDialog>();
        break;
    case 9:
        dlg = std::make_unique<NewIdentityDialog>(p);
        break;
    case 10: {
        PassphraseRequest r;
        r.subject = s("identity alice");
        dlg = std::make_unique<PassphraseDialog>(r);
        break;
    }
    case 11: {
        PassphraseRequest r;
        r.purpose = PassphraseRequest::Purpose::Create;
        r.subject = s("identity alice");
        dlg = std::make_unique<PassphraseDialog>(r);
        break;
    }
    case 12:
        outcome.decision = PeerVerifier::Decision::Ask;
        dlg = std::make_unique<PeerKeyDialog>(outcome, PeerIdentity{});
        break;
    case 13:
        outcome.error = SessionError::PeerKeyChanged;
        outcome.decision = PeerVerifier::Decision::Reject;
        outcome.pinnedKey = BoxKeyPair::generate().publicKey;
        dlg = std::make_unique<PeerKeyDialog>(outcome, PeerIdentity{});
        break;
    case 14:
        dlg = std::make_unique<TrustManagerDialog>(trust);
        break;
    case 15:
    case 16: {
        auto store =
            HistoryStore::open(p.directory() + QStringLiteral("/history"), randomSecret(32));
        if (!store)
            return nullptr;
        f.history = std::move(store).value();
        (void)f.history->addMessage(HistoryStore::Ref::roomNamed(QStringLiteral("wss://a.test/")),
                                    {HistoryStore::Direction::Incoming,
                                     QStringLiteral("ann"),
                                     1000,
                                     HistoryStore::State::Received,
                                     {},
                                     0,
                                     QStringLiteral("hello")});
        if (which == 15) {
            auto *search = new HistorySearchDialog(f.history.get());
            search->queryEdit()->setText(QStringLiteral("hello"));
            search->search();
            dlg.reset(search);
        } else {
            dlg = std::make_unique<HistoryExportDialog>(f.history.get(), 0);
        }
        break;
    }
    }
    return dlg;
}

const char *const kDialogNames[] = {"CertInspectDialog",    "ConnectDialog",
                                    "CreateCaDialog",       "ExportDialog",
                                    "HostDialog",           "ImportDialog",
                                    "InviteDialog",         "IssueCertDialog",
                                    "JoinInvitationDialog", "NewIdentityDialog",
                                    "PassphraseDialog",     "PassphraseDialog create",
                                    "PeerKeyDialog new",    "PeerKeyDialog changed",
                                    "TrustManagerDialog",   "HistorySearchDialog",
                                    "HistoryExportDialog"};

} // namespace

class tst_Accessibility : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_case = 0;

    StartOptions options() {
        StartOptions o;
        ++m_case;
        o.settingsFile = m_dir.filePath(QStringLiteral("a%1.ini").arg(m_case));
        o.profileDir = m_dir.filePath(QStringLiteral("a%1-profile").arg(m_case));
        o.demo = StartOptions::Demo::V1;
        return o;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // The main window with its demo room joined: sidebar, chat, the inspector tabs.
    void mainWindowControlsAreNamed() {
        const StartOptions o = options();
        TrustService trust(Profile(o.profileDir));
        MainWindow w(trust, o);
        w.resize(1100, 750);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.start();
        HostedRoom *room = w.demoRoom();
        QVERIFY(room);
        ClientConnection *c = w.joinRoom(room);
        QVERIFY(c);
        QTRY_COMPARE(int(c->state()), int(SessionState::Secured));
        QStringList missing;
        // Every page of the connection view, one after the other (hidden tabs are not walked).
        QTabWidget *tabs = w.view()->tabs();
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            for (const QString &m : unnamedControls(&w))
                if (!missing.contains(m))
                    missing << m;
        }
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));
    }

    void menusReachableByKeyboard() {
        const StartOptions o = options();
        TrustService trust(Profile(o.profileDir));
        MainWindow w(trust, o);
        QStringList problems;
        QSet<QChar> used;
        for (QAction *a : w.menuBar()->actions()) {
            const QChar m = mnemonic(a->text());
            if (m.isNull() || used.contains(m))
                problems << QStringLiteral("menu %1: no unique mnemonic").arg(a->text());
            used.insert(m);
            QVERIFY(a->menu());
            checkMenu(a->menu(), &problems);
        }
        QVERIFY(w.menuBar()->actions().size() >= 3);
        // The actions people use most have shortcuts, shown in the menus.
        for (QAction *a : {w.hostAction(), w.connectAction(), w.joinAction(), w.exportAction(),
                           w.openAction(), w.closeAction(), w.joinInvitationAction()})
            if (a->shortcut().isEmpty())
                problems << QStringLiteral("%1: no shortcut").arg(a->text());
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    // Under a dark palette the chat bubbles are drawn dark enough for the palette's light text
    // (WCAG AA, 4.5:1): an incoming, an outgoing and a failed message.
    void darkPaletteChatBubblesAreLegible() {
        PaletteScope dark(darkPalette());
        ChatModel model;
        model.addIncoming(s("3f2a 9c01"), "hello from the peer");
        model.addOutgoing(s("me"), "hello back", ChatModel::MessageState::Sent);
        const quint64 failed = model.addOutgoing(s("me"), "lost", ChatModel::MessageState::Queued);
        model.setState(failed, ChatModel::MessageState::Failed, s("closed"));
        ChatDelegate delegate;
        QStyleOptionViewItem option;
        option.palette = QApplication::palette();
        option.font = QApplication::font();
        for (int row = 0; row < model.rowCount(); ++row) {
            const QModelIndex index = model.index(row, 0);
            option.rect = QRect(QPoint(0, 0), QSize(600, 400));
            option.rect.setHeight(delegate.sizeHint(option, index).height());
            QImage image(option.rect.size(), QImage::Format_RGB32);
            image.fill(option.palette.color(QPalette::Base));
            {
                QPainter p(&image);
                delegate.paint(&p, option, index);
            }
            // Inside the bubble, in its left or right padding, half way down.
            const bool outgoing = index.data(ChatModel::OutgoingRole).toBool();
            const int x = outgoing ? image.width() - 6 - 4 : 6 + 4;
            const QColor fill = image.pixelColor(x, image.height() / 2);
            const double ratio = contrast(fill, option.palette.color(QPalette::Text));
            QVERIFY2(ratio >= 4.5,
                     qPrintable(QStringLiteral("row %1: bubble %2, text %3: %4")
                                    .arg(row)
                                    .arg(fill.name(), option.palette.color(QPalette::Text).name())
                                    .arg(ratio)));
        }
    }

    // --theme dark asks for the dark palette; the system's is the default.
    void themeOption() {
        StartOptions o;
        QString error;
        QVERIFY(parseStartOptions({s("sws-desktop")}, &o, &error));
        QVERIFY(!o.dark);
        QVERIFY(parseStartOptions({s("sws-desktop"), s("--theme"), s("dark")}, &o, &error));
        QVERIFY(o.dark);
        QVERIFY(!parseStartOptions({s("sws-desktop"), s("--theme"), s("neon")}, &o, &error));
        QVERIFY(error.contains(s("--theme")));
        // The palette it sets is dark, and the theme's tones follow it.
        QVERIFY(theme::isDark(theme::darkPalette()));
        const QColor lightInfo = theme::color(theme::Tone::Info);
        PaletteScope dark(theme::darkPalette());
        QVERIFY(theme::color(theme::Tone::Info).lightnessF() > lightInfo.lightnessF());
    }

    // The welcome banner's background under a dark palette against its text colour.
    void darkPaletteWelcomeBannerIsLegible() {
        PaletteScope dark(darkPalette());
        const StartOptions o = options();
        TrustService trust(Profile(o.profileDir));
        MainWindow w(trust, o);
        w.resize(1000, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.start();
        QTRY_VERIFY(w.welcomeBanner()->isVisible());
        const QImage image = w.welcomeBanner()->grab().toImage();
        const QColor background = image.pixelColor(5, image.height() / 2);
        const auto labels = w.welcomeBanner()->findChildren<QLabel *>();
        QVERIFY(!labels.isEmpty());
        for (QLabel *label : labels) {
            const QColor text = label->palette().color(label->foregroundRole());
            const double ratio = contrast(background, text);
            QVERIFY2(ratio >= 4.5, qPrintable(QStringLiteral("banner %1, text %2: %3")
                                                  .arg(background.name(), text.name())
                                                  .arg(ratio)));
        }
    }

    // Every text a person reads goes through tr(), so that a catalog translates it: with a
    // translator that marks whatever the catalog has, no visible text is left unmarked.
    void textsGoThroughTr() {
        QString error;
        const QList<CatalogEntry> german = readCatalog("de", &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        MarkingTranslator marker(german);
        QVERIFY2(marker.size() > 100, "the German catalog could not be read");
        QVERIFY(QCoreApplication::installTranslator(&marker));
        QStringList missing;
        {
            const StartOptions o = options();
            TrustService trust(Profile(o.profileDir));
            MainWindow w(trust, o);
            w.resize(1100, 750);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            w.start();
            ClientConnection *c = w.joinRoom(w.demoRoom());
            QTRY_COMPARE(int(c->state()), int(SessionState::Secured));
            QTabWidget *tabs = w.view()->tabs();
            for (int i = 0; i < tabs->count(); ++i) {
                tabs->setCurrentIndex(i);
                missing << visibleTexts(&w);
            }
        }
        int which = 0;
        for (const char *name : kDialogNames) {
            Fixture f(m_dir.filePath(QStringLiteral("t%1").arg(++m_case)));
            std::unique_ptr<QDialog> dlg = makeDialog(which++, f);
            dlg->show();
            for (const QString &m : visibleTexts(dlg.get()))
                missing << QString::fromLatin1(name) + QStringLiteral(": ") + m;
        }
        QCoreApplication::removeTranslator(&marker);
        missing.removeDuplicates();
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));
    }

    // The Linguist catalogs in translations/ hold the window's texts (lupdate extracted them).
    void catalogsHoldTheTexts() {
        for (const char *lang : {"en", "de"}) {
            QString error;
            QSet<QString> sources;
            for (const CatalogEntry &e : readCatalog(lang, &error))
                sources.insert(e.source);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            for (const char *text : {"SWS Desktop", "&File", "&Connection", "&View", "&Help",
                                     "&Keys", "Join this room", "Host a room…"})
                QVERIFY2(sources.contains(QString::fromUtf8(text)), text);
        }
    }

    void dialogControlsAreNamed_data() {
        QTest::addColumn<int>("which");
        int i = 0;
        for (const char *n : kDialogNames)
            QTest::newRow(n) << i++;
    }
    void dialogControlsAreNamed() {
        QFETCH(int, which);
        Fixture f(m_dir.filePath(QStringLiteral("p%1").arg(++m_case)));
        std::unique_ptr<QDialog> dlg = makeDialog(which, f);
        QVERIFY(dlg);
        dlg->show();
        QVERIFY(QTest::qWaitForWindowExposed(dlg.get()));
        // A form starts in its first field, not on OK or Cancel.
        if (qobject_cast<DialogBase *>(dlg.get()) && !dlg->findChildren<QLineEdit *>().isEmpty()) {
            QVERIFY(QTest::qWaitForWindowActive(dlg.get()));
            QWidget *first = tabChain(dlg.get()).value(0);
            QVERIFY(first);
            QVERIFY2(!qobject_cast<QDialogButtonBox *>(first->parentWidget()),
                     first->metaObject()->className());
            QTRY_COMPARE(QApplication::focusWidget(), first);
        }
        const QStringList wrongOrder = tabOrderProblems(dlg.get());
        QVERIFY2(wrongOrder.isEmpty(), qPrintable(wrongOrder.join(QLatin1Char('\n'))));
        const QStringList missing = unnamedControls(dlg.get());
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));
        QVERIFY(!dlg->windowTitle().isEmpty());
    }

    // Connection → Intercept… is a window of its own, started, with both handshake lists.
    void interceptWindowControlsAreNamed() {
        InterceptWindow w;
        w.upstreamEdit()->setText(QStringLiteral("ws://127.0.0.1:9/"));
        QVERIFY(w.start());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QStringList missing = unnamedControls(&w);
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(tst_Accessibility)
#include "tst_accessibility.moc"
