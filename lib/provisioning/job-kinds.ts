export const provisionJobKind = {
  customerOrg: 'customer_org.create',
  subscriber: 'subscriber.provision',
} as const;
