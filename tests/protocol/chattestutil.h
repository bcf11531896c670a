#pragma once
// Helpers shared by tst_chatconversation and tst_chatchannel: numbered test messages and the
// check that a transcript holds each of them once, in order.
#include <QByteArray>
#include <QList>

#include <utility>

namespace chattest {

inline QByteArray msg(const char *dir, quint64 i) {
    // Varying sizes, some empty-bodied, some larger than a TCP segment.
    const int filler = static_cast<int>((i * 37) % 211) + (i % 97 == 0 ? 3000 : 0);
    return QByteArray(dir) + ' ' + QByteArray::number(i) + ' ' + QByteArray(filler, 'x');
}

// Every id 1..n delivered once, in order, with its payload.
inline bool completeTranscript(const QList<std::pair<quint64, QByteArray>> &got, const char *dir,
                               quint64 n, QByteArray *why) {
    if (static_cast<quint64>(got.size()) != n) {
        *why = "got " + QByteArray::number(got.size()) + " messages, expected " +
               QByteArray::number(n);
        return false;
    }
    for (quint64 i = 1; i <= n; ++i) {
        const auto &[id, payload] = got.at(static_cast<qsizetype>(i - 1));
        if (id != i || payload != msg(dir, i)) {
            *why = "position " + QByteArray::number(i) + " holds id " + QByteArray::number(id);
            return false;
        }
    }
    return true;
}
} // namespace chattest
