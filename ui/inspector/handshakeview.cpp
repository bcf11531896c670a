#include "inspector/handshakeview.h"

#include "inspector/handshakemodel.h"
#include "inspector/sessiontracker.h"
#include "inspector/stepdetails.h"
#include "window/theme.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTextBrowser>
#include <QTreeView>
#include <QVBoxLayout>

namespace sws::ui {

HandshakeView::HandshakeView(QWidget *parent)
    : QWidget(parent)
    , m_timeline(new QTreeView(this))
    , m_details(new QTextBrowser(this))
    , m_reveal(new QCheckBox(tr("Reveal share keys"), this))
    , m_caption(new QLabel(this)) {
    m_timeline->setObjectName(QStringLiteral("handshakeTimeline"));
    m_timeline->setAccessibleName(tr("Handshake steps"));
    m_details->setObjectName(QStringLiteral("stepDetails"));
    m_reveal->setObjectName(QStringLiteral("revealShareKeys"));
    m_reveal->setToolTip(tr("Share keys are session secrets: they decrypt this session's frames. "
                            "They are never exported."));
    m_timeline->setRootIsDecorated(false);
    m_timeline->setUniformRowHeights(true);
    m_timeline->setAllColumnsShowFocus(true);
    m_timeline->setIconSize(QSize(16, 16));
    m_timeline->header()->setStretchLastSection(true);
    m_details->setOpenLinks(false);
    // Compact JSON has no spaces: wrap anywhere rather than scroll sideways.
    m_details->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_caption->setStyleSheet(theme::mutedStyle());

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_timeline);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({190, 400});
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_caption, 1);
    bar->addWidget(m_reveal);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);
    connect(m_reveal, &QCheckBox::toggled, this, &HandshakeView::showDetails);
}

int HandshakeView::currentStep() const {
    return m_timeline->currentIndex().isValid() ? m_timeline->currentIndex().row() : -1;
}

void HandshakeView::selectStep(int row) {
    if (m_timeline->model())
        m_timeline->setCurrentIndex(m_timeline->model()->index(row, 0));
}

void HandshakeView::setTracker(SessionTracker *t) {
    if (m_tracker)
        m_tracker->handshake()->disconnect(this);
    m_tracker = t;
    QItemSelectionModel *oldSelection = m_timeline->selectionModel();
    m_timeline->setModel(t ? t->handshake() : nullptr);
    delete oldSelection; // QAbstractItemView::setModel leaves the old one to us
    if (!t) {
        m_details->clear();
        m_caption->clear();
        return;
    }
    m_timeline->setColumnWidth(0, 240);
    m_timeline->setColumnWidth(1, 90);
    m_timeline->setColumnWidth(2, 80);
    m_follow = true;
    m_shownFailure = -1;
    connect(m_timeline->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        if (!m_selecting)
            m_follow = false; // the user picked a step: stop following
        showDetails();
    });
    HandshakeModel *m = t->handshake();
    connect(m, &QAbstractItemModel::dataChanged, this, [this] {
        selectInteresting();
        showDetails();
    });
    connect(m, &QAbstractItemModel::modelReset, this, &HandshakeView::selectInteresting);
    m_caption->setText(tr("Seen from the %1 side · SWS version %2")
                           .arg(m->role() == Role::Client ? tr("client") : tr("server"))
                           .arg(m->version()));
    selectInteresting();
    showDetails();
}

// A failure takes the selection; otherwise the latest step reached, until the user picks one.
void HandshakeView::selectInteresting() {
    const HandshakeModel *m = m_tracker ? m_tracker->handshake() : nullptr;
    if (!m)
        return;
    int row = -1;
    if (const int failed = m->failedStep(); failed >= 0) {
        if (failed == m_shownFailure)
            return; // shown once; the user may look elsewhere now
        row = m_shownFailure = failed;
    } else if (m_follow) {
        row = 0;
        for (int i = 0; i < HandshakeModel::kStepCount; ++i)
            if (m->step(i).status == HandshakeModel::Status::Done)
                row = i;
    }
    if (row >= 0 && row != currentStep()) {
        m_selecting = true;
        selectStep(row);
        m_selecting = false;
    }
}

void HandshakeView::showDetails() {
    if (!m_tracker || currentStep() < 0) {
        m_details->clear();
        return;
    }
    m_details->setHtml(
        stepDetailsHtml(*m_tracker->handshake(), currentStep(), m_reveal->isChecked()));
}

} // namespace sws::ui
