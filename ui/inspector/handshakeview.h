#pragma once

#include <QPointer>
#include <QWidget>

class QTreeView;
class QTextBrowser;
class QCheckBox;
class QLabel;

namespace sws::ui {

class SessionTracker;

// The handshake inspector: the six steps as a timeline; the selected step's message, decoded,
// with the box this side opened (share key masked until "Reveal share keys") and any failure.
class HandshakeView : public QWidget {
    Q_OBJECT
public:
    explicit HandshakeView(QWidget *parent = nullptr);
    void setTracker(SessionTracker *t);
    QTreeView *timeline() const { return m_timeline; }
    QTextBrowser *details() const { return m_details; }
    QCheckBox *revealToggle() const { return m_reveal; }
    int currentStep() const;
    void selectStep(int row);

private:
    void showDetails();
    void selectInteresting();

    QPointer<SessionTracker> m_tracker;
    QTreeView *m_timeline;
    QTextBrowser *m_details;
    QCheckBox *m_reveal;
    QLabel *m_caption;
    bool m_follow = true;     // select the latest step reached
    bool m_selecting = false; // the selection change is ours, not the user's
    int m_shownFailure = -1;
};

} // namespace sws::ui
