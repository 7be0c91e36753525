/** The examples of the flowthrough contract that the API reference and OpenAPI show. */
export const flowthroughJsonExample = `{
  "operation": "add",
  "sequence": 1733234567000,
  "user": {
    "userId": "anna.jansen@acme.example",
    "serviceProviderId": "demo-sp",
    "enterpriseId": "acme",
    "enterpriseName": "Acme B.V.",
    "groupId": "acme-amsterdam",
    "firstName": "Anna",
    "lastName": "Jansen",
    "email": "anna.jansen@acme.example",
    "primaryPhoneNumber": "+31201234567",
    "mobilePhoneNumber": "+31612345678",
    "extension": "4567",
    "language": "nl_NL",
    "timeZone": "Europe/Amsterdam"
  }
}`;

export const flowthroughXmlExample = `<?xml version="1.0" encoding="UTF-8"?>
<flowthroughRequest operation="add" sequence="1733234567000">
  <user>
    <userId>anna.jansen@acme.example</userId>
    <serviceProviderId>demo-sp</serviceProviderId>
    <enterpriseId>acme</enterpriseId>
    <enterpriseName>Acme &amp; Zonen</enterpriseName>
    <firstName>Anna</firstName>
    <lastName>Jansen</lastName>
    <email>anna.jansen@acme.example</email>
  </user>
</flowthroughRequest>`;
