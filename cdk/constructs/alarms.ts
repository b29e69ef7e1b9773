/**
 * CloudWatch alarms: API 5xx, errors and throttles of every function, and the
 * depth of every dead-letter queue. All notify one SNS topic (subscribe an
 * address with -c alarmEmail=ops@example.org).
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { constructId } from '../handlers.ts';
import type { Api } from './api.ts';
import type { CertverifyFunction } from './functions.ts';

export interface AlarmsProps {
  readonly api: Api;
  readonly functions: readonly CertverifyFunction[];
  readonly alarmEmail?: string;
}

const period = Duration.minutes(5);

/** An alarm at or above `threshold` for one period, notifying `topic` when it fires and when it clears. */
export const notifyingAlarm = (scope: Construct, id: string, topic: Topic | ITopic, metric: IMetric, threshold: number, description: string): Alarm => {
  const alarm = new Alarm(scope, id, {
    metric,
    threshold,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
    alarmDescription: description,
  });
  const action = new SnsAction(topic);
  alarm.addAlarmAction(action);
  alarm.addOkAction(action);
  return alarm;
};

export class Alarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'certverify alarms', enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const add = (alarmId: string, metric: IMetric, threshold: number, description: string): void => {
      this.alarms.push(notifyingAlarm(this, alarmId, this.topic, metric, threshold, description));
    };

    add(
      'Api5xx',
      props.api.httpApi.metricServerError({ period, statistic: 'Sum' }),
      5,
      'certverify API: 5 or more 5xx responses in 5 minutes (a 503 means a dependency is down)',
    );

    for (const f of props.functions) {
      const name = constructId(f.spec.handler);
      add(`${name}Errors`, f.fn.metricErrors({ period, statistic: 'Sum' }), 1, `${f.spec.handler}: invocation errors`);
      add(`${name}Throttles`, f.fn.metricThrottles({ period, statistic: 'Sum' }), 1, `${f.spec.handler}: throttled invocations`);
      if (f.deadLetterQueue) {
        add(
          `${name}DlqDepth`,
          f.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
          1,
          `${f.spec.handler}: events that failed after retries are waiting in the dead-letter queue`,
        );
      }
    }
  }
}
