#pragma once

#include "trust/pinningverifier.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QPushButton;

namespace sws::ui {

// What the pin check found about a server's key, for a person to decide or to understand:
// - a key not pinned yet (policy ask): endpoint and fingerprint, "Trust and connect" pins it
//   (verified when the person ticks that they compared fingerprints), Cancel refuses it;
// - a changed key (refused already): the old and new fingerprints in plain words, and a
//   button that forgets the old pin so the next connection asks again.
class PeerKeyDialog : public QDialog {
    Q_OBJECT
public:
    enum class Mode { NewKey, ChangedKey };
    PeerKeyDialog(const PinningVerifier::Outcome &outcome, const PeerIdentity &peer,
                  QWidget *parent = nullptr);

    Mode mode() const { return m_mode; }
    QString text() const;                                   // the explanation shown
    QCheckBox *verifiedCheck() const { return m_verified; } // NewKey only
    QPushButton *trustButton() const { return m_trust; }    // NewKey only
    QPushButton *forgetButton() const { return m_forget; }  // ChangedKey only
    bool markVerified() const;

Q_SIGNALS:
    void forgetPinRequested(const QString &endpoint);

private:
    Mode m_mode;
    QLabel *m_text;
    QCheckBox *m_verified = nullptr;
    QPushButton *m_trust = nullptr;
    QPushButton *m_forget = nullptr;
};

} // namespace sws::ui
