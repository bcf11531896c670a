// sws history: the conversations the app keeps (PROFILE/history.sqlite, encrypted).
#include "cert/naclcert.h"
#include "cli.h"
#include "cliprofile.h"
#include "crypto/crypto.h"
#include "history/historykey.h"
#include "history/historystore.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sws::cli {

namespace {

QString str(const char *latin1) {
    return QString::fromLatin1(latin1);
}

const QString kGroup = QStringLiteral("history");

QString unlockDetails() {
    return str("The history is encrypted; its key is kept wrapped by a passphrase\n"
               "(PROFILE/history-key.locked.json: --passphrase-file FILE, SWS_PASSPHRASE or the\n"
               "terminal) or in the OS keychain.");
}

// The opened store, or nullptr with *exitCode set (nothing to show is not a failure: exit 0).
std::unique_ptr<HistoryStore> openStore(const QString &command, const Args &a, int *exitCode) {
    const Profile profile = openProfile(a);
    const QString dir = profile.directory();
    if (!QFileInfo::exists(QDir(dir).filePath(HistoryStore::fileName()))) {
        err(str("sws %1: no history in %2").arg(command, QDir::toNativeSeparators(dir)));
        *exitCode = kExitOk;
        return nullptr;
    }
    auto provider = passphraseProvider(a);
    historykey::OsKeychain keychain;
    auto key = historykey::load(dir, provider.get(), &keychain, false);
    if (!key) {
        *exitCode = failure(command, key.error());
        return nullptr;
    }
    auto store = HistoryStore::open(dir, key->key);
    if (!store) {
        *exitCode = failure(command, store.error().message);
        return nullptr;
    }
    return std::move(store).value();
}

QString title(const HistoryStore::Conversation &c) {
    if (c.kind == HistoryStore::Kind::Room)
        return cert::displayText(c.room, 80);
    const QString fp = fingerprint(c.peerKey);
    return c.title.isEmpty() ? fp : str("%1 (%2)").arg(cert::displayText(c.title, 64), fp);
}

int list(const QStringList &args) {
    const CommandSpec spec{
        str("history list"),
        str("[--passphrase-file FILE] [--profile DIR] [--json]"),
        str("Lists the conversations kept: contacts and rooms, with the number "
            "of messages and the time of the last one (UTC)."),
        {passphraseFileOption(), profileOption(), jsonOption()},
        {},
        unlockDetails() + str("\n--json: [{\"id\",\"kind\":\"contact\"|\"room\",\"title\","
                              "\"room\",\"peerKey\",\"messages\",\"last\"}]\n(\"room\" null "
                              "for a contact, \"peerKey\" null for a room, \"last\" null without "
                              "messages).")};
    Args a;
    if (const auto exit = parse(spec, args, &a))
        return *exit;
    int code = kExitOk;
    auto store = openStore(spec.command, a, &code);
    if (!store) {
        if (code == kExitOk && a.has(str("json")))
            outJson(QJsonArray()); // no history: an empty list
        return code;
    }
    auto convs = store->conversations();
    if (!convs)
        return failure(spec.command, convs.error().message);
    if (a.has(str("json"))) {
        QJsonArray list;
        for (const HistoryStore::Conversation &c : *convs) {
            const bool room = c.kind == HistoryStore::Kind::Room;
            list.append(QJsonObject{
                {str("id"), c.id},
                {str("kind"), room ? str("room") : str("contact")},
                {str("title"), c.title},
                {str("room"), room ? QJsonValue(c.room) : QJsonValue()},
                {str("peerKey"), room ? QJsonValue() : QJsonValue(toHex(c.peerKey))},
                {str("messages"), c.count},
                {str("last"), c.lastTimeMs > 0 ? QJsonValue(isoUtc(c.lastTimeMs)) : QJsonValue()}});
        }
        if (convs->isEmpty())
            err(str("sws history list: the history is empty"));
        outJson(list);
        return kExitOk;
    }
    for (const HistoryStore::Conversation &c : *convs) {
        out(str("%1  %2  %3  %4  %5")
                .arg(QString::number(c.id).rightJustified(4),
                     c.kind == HistoryStore::Kind::Room ? str("room   ") : str("contact"),
                     str("%1 messages").arg(c.count).leftJustified(14),
                     c.lastTimeMs > 0 ? isoUtc(c.lastTimeMs) : str("-").leftJustified(24),
                     title(c)));
    }
    if (convs->isEmpty())
        err(str("sws history list: the history is empty"));
    return kExitOk;
}

// The conversations CONTACT names: its number in the list, a contact's name, a room, or the
// start of a peer key in hex (at least 8 digits).
QList<HistoryStore::Conversation> select(const QList<HistoryStore::Conversation> &all,
                                         const QString &which) {
    QList<HistoryStore::Conversation> found;
    bool isNumber = false;
    const qint64 number = which.toLongLong(&isNumber);
    const QString hexPrefix = which.toLower().remove(QLatin1Char(' '));
    for (const HistoryStore::Conversation &c : all) {
        if ((isNumber && c.id == number) ||
            (!c.title.isEmpty() && c.title.compare(which, Qt::CaseInsensitive) == 0) ||
            (c.kind == HistoryStore::Kind::Room && c.room == which) ||
            (c.kind == HistoryStore::Kind::Contact && hexPrefix.size() >= 8 &&
             toHex(c.peerKey).startsWith(hexPrefix)))
            found << c;
    }
    return found;
}

int exportCmd(const QStringList &args) {
    const CommandSpec spec{
        str("history export"),
        str("[CONTACT] [--format json|text] [--passphrase-file FILE] [--profile DIR]"),
        str("Prints a conversation (or, without CONTACT, every conversation) in the clear."),
        {{str("format"), str("FORMAT"), str("json (the default) or text")},
         passphraseFileOption(),
         profileOption()},
        {str("[CONTACT]")},
        str("CONTACT: the number 'sws history list' shows, a contact's name, a room, or the\n"
            "first 8 or more hex digits of a peer's public key.\n"
            "text: one message a line, \"TIME  SENDER: TEXT\" (UTC; line breaks as \\n).\n") +
            unlockDetails()};
    Args a;
    if (const auto exit = parse(spec, args, &a))
        return *exit;
    const QString format = a.has(str("format")) ? a.value(str("format")) : str("json");
    if (format != str("json") && format != str("text"))
        return usageError(spec.command, str("--format must be json or text"));
    const auto fmt =
        format == str("text") ? HistoryStore::ExportFormat::Text : HistoryStore::ExportFormat::Json;
    int code = kExitOk;
    auto store = openStore(spec.command, a, &code);
    if (!store)
        return code;
    auto convs = store->conversations();
    if (!convs)
        return failure(spec.command, convs.error().message);
    QList<HistoryStore::Conversation> chosen = *convs;
    if (!a.positionals().isEmpty()) {
        chosen = select(*convs, a.positionals().first());
        if (chosen.isEmpty())
            return failure(spec.command, str("no conversation matches %1 (see 'sws history list')")
                                             .arg(cert::displayText(a.positionals().first(), 64)));
        if (chosen.size() > 1)
            return failure(spec.command,
                           str("%1 conversations match %2: give the number 'sws history list' "
                               "shows")
                               .arg(chosen.size())
                               .arg(cert::displayText(a.positionals().first(), 64)));
    }
    QJsonArray all;
    for (const HistoryStore::Conversation &c : chosen) {
        auto bytes = store->exportConversation(c.id, fmt);
        if (!bytes)
            return failure(spec.command, bytes.error().message);
        if (fmt == HistoryStore::ExportFormat::Json) {
            all.append(QJsonDocument::fromJson(*bytes).object());
        } else {
            if (chosen.size() > 1 && !out(str("# %1").arg(title(c))))
                return kExitFailure;
            if (!outBytes(*bytes))
                return kExitFailure;
        }
    }
    if (fmt == HistoryStore::ExportFormat::Json) {
        const QByteArray doc = chosen.size() == 1 && !a.positionals().isEmpty()
                                   ? QJsonDocument(all.first().toObject()).toJson()
                                   : QJsonDocument(all).toJson();
        if (!outBytes(doc))
            return kExitFailure;
    }
    return kExitOk;
}

} // namespace

int cmdHistory(const QStringList &args) {
    return runGroup(kGroup,
                    str("History: the conversations the app keeps, encrypted, in "
                        "PROFILE/history.sqlite."),
                    {{"list", list, "list the conversations with their counts and last time"},
                     {"export", exportCmd, "print a conversation as JSON or text"}},
                    args);
}

} // namespace sws::cli
