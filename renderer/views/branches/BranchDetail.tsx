import { useEffect, useRef } from 'react';
import type { BoardRow, BoardSnapshot } from '../../../shared/readiness/board-schema';
import { openLink } from '../../open-link';
import { StartRelease } from '../release/StartRelease';
import { CircleCiSection } from './CircleCiSection';
import { BlockerBadges, StateBadge } from './BlockerBadges';
import { FlakyBadges } from './FlakyBadges';
import { LocalTestsPanel } from './LocalTestsPanel';
import { SignOffForm } from './SignOffForm';
import { BranchNameText, InvisibleWarnings } from './BranchName';
import { shown } from './display-name';
import { ageOf, shortSha, summarySentence } from './format';
import type { LocalTestRuns } from './use-local-test-runs';

/** Everything about one branch: why it is (not) eligible, its checks, tests and sign-off. */
export function BranchDetail(props: {
  readonly row: BoardRow;
  readonly ciProvider: BoardSnapshot['ciProvider'];
  readonly checklist: readonly string[];
  readonly me: BoardSnapshot['me'];
  readonly now: Date;
  readonly localTestRuns: LocalTestRuns;
  readonly onClose: () => void;
}) {
  const { row } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  // Opening a branch (Enter or a click on it) moves focus here, so the keyboard follows.
  useEffect(() => heading.current?.focus(), [row.name]);
  return (
    <section className="detail" aria-labelledby="detail-heading">
      <header className="detail-header">
        <h2 id="detail-heading" aria-label={shown(row.name)} tabIndex={-1} ref={heading}>
          <BranchNameText name={row.name} unshortened />
        </h2>
        <button type="button" onClick={props.onClose}>
          Close branch details
        </button>
      </header>
      <p>
        <StateBadge row={row} /> <span aria-label="Readiness summary">{summarySentence(row.readiness, row.summary)}</span>
      </p>
      <InvisibleWarnings branch={row.name} author={row.author.name} {...(row.pullRequest === null ? {} : { title: row.pullRequest.title })} />
      <BlockerBadges row={row} />
      <FlakyBadges row={row} />
      <StartRelease key={`${row.name}@${row.headSha}`} row={row} />
      <dl className="facts">
        <dt>Head</dt>
        <dd>
          <code>{shortSha(row.headSha)}</code> by {shown(row.author.name)} {ageOf(row.lastCommitAt, props.now)}
        </dd>
        <dt>Against the main branch</dt>
        <dd>
          {row.ahead} ahead, {row.behind} behind
        </dd>
        {row.pullRequest !== null && (
          <>
            <dt>Pull request</dt>
            <dd>
              <button type="button" className="link" onClick={() => openLink(row.pullRequest?.url ?? '')}>
                #{row.pullRequest.number} {shown(row.pullRequest.title)}
              </button>
            </dd>
          </>
        )}
      </dl>
      <section aria-labelledby="checks-heading" className="panel">
        <h3 id="checks-heading">CI checks on {shortSha(row.headSha)}</h3>
        {row.checks.length === 0 ? (
          <p>No check has reported on this commit.</p>
        ) : (
          <ul aria-label="CI checks" className="checks">
            {row.checks.map((check) => (
              <li key={check.name}>
                <span className={`check check-${check.state}`}>{check.state}</span> {check.name}
                {check.url !== null && (
                  <button type="button" className="link" onClick={() => openLink(check.url ?? '')}>
                    Open {check.name}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {props.ciProvider === 'circleci' && <CircleCiSection row={row} />}
      <LocalTestsPanel row={row} now={props.now} runs={props.localTestRuns} />
      <SignOffForm key={`${row.name}\0${row.headSha}`} row={row} checklist={props.checklist} me={props.me} now={props.now} />
    </section>
  );
}
