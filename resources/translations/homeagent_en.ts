<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AudioStatusBanner</name>
    <message>
        <source>Sound problem</source>
        <translation>Sound problem</translation>
    </message>
    <message>
        <source>Sound message</source>
        <translation>Sound message</translation>
    </message>
    <message>
        <source>No sound device: the demo runs silently (calls still connect).</source>
        <translation>No sound device: the demo runs silently (calls still connect).</translation>
    </message>
    <message>
        <source>No headset or sound device found: you are Not ready until one is plugged in.</source>
        <translation>No headset or sound device found: you are Not ready until one is plugged in.</translation>
    </message>
    <message>
        <source>The sound device stopped responding; HomeAgent is reopening it.</source>
        <translation>The sound device stopped responding; HomeAgent is reopening it.</translation>
    </message>
    <message>
        <source>Sound is not available in this version on this system; call IT.</source>
        <translation>Sound is not available in this version on this system; call IT.</translation>
    </message>
    <message>
        <source>Sound problem ({code}).</source>
        <translation>Sound problem ({code}).</translation>
    </message>
    <message>
        <source>Headset gone: sound moved to {device}.</source>
        <translation>Headset gone: sound moved to {device}.</translation>
    </message>
    <message>
        <source>Sound is back on {device}.</source>
        <translation>Sound is back on {device}.</translation>
    </message>
    <message>
        <source>The sound device was restarted.</source>
        <translation>The sound device was restarted.</translation>
    </message>
    <message>
        <source>You are muted: the caller cannot hear you.</source>
        <translation>You are muted: the caller cannot hear you.</translation>
    </message>
</context>
<context>
    <name>CallPanel</name>
    <message>
        <source>Calls</source>
        <translation>Calls</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>Caller</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>Quality</translation>
    </message>
    <message>
        <source>Current call</source>
        <translation>Current call</translation>
    </message>
    <message>
        <source>Last message</source>
        <translation>Last message</translation>
    </message>
    <message>
        <source>Number to call</source>
        <translation>Number to call</translation>
    </message>
    <message>
        <source>Number, extension or SIP address</source>
        <translation>Number, extension or SIP address</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Call</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Decline</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Hang up</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Hold</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Mute</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>Transfer…</translation>
    </message>
    <message>
        <source>Complete transfer</source>
        <translation>Complete transfer</translation>
    </message>
    <message>
        <source>Swap</source>
        <translation>Swap</translation>
    </message>
    <message>
        <source>Transfer target</source>
        <translation>Transfer target</translation>
    </message>
    <message>
        <source>Transfer to: number or extension</source>
        <translation>Transfer to: number or extension</translation>
    </message>
    <message>
        <source>Transfer now</source>
        <translation>Transfer now</translation>
    </message>
    <message>
        <source>Consult…</source>
        <translation>Consult…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Key {key}</source>
        <translation>Key {key}</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation>Unmute</translation>
    </message>
    <message>
        <source>The caller pressed {key}</source>
        <translation>The caller pressed {key}</translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <source>Customer</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Screen pop status</source>
        <translation>Screen pop status</translation>
    </message>
    <message>
        <source>Search customers</source>
        <translation>Search customers</translation>
    </message>
    <message>
        <source>Name, e-mail, account or phone number</source>
        <translation>Name, e-mail, account or phone number</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Matching customers</source>
        <translation>Matching customers</translation>
    </message>
    <message>
        <source>Open this customer</source>
        <translation>Open this customer</translation>
    </message>
    <message>
        <source>Continue as unknown</source>
        <translation>Continue as unknown</translation>
    </message>
    <message>
        <source>Customer name</source>
        <translation>Customer name</translation>
    </message>
    <message>
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <source>Very important customer</source>
        <translation>Very important customer</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Segment</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>Phones</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Products, open tickets and history</source>
        <translation>Products, open tickets and history</translation>
    </message>
    <message>
        <source>Products owned</source>
        <translation>Products owned</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Product</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>Serial</translation>
    </message>
    <message>
        <source>Contract end</source>
        <translation>Contract end</translation>
    </message>
    <message>
        <source>Open tickets</source>
        <translation>Open tickets</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Opened</translation>
    </message>
    <message>
        <source>Ticket history</source>
        <translation>Ticket history</translation>
    </message>
    <message>
        <source>Selected ticket or note</source>
        <translation>Selected ticket or note</translation>
    </message>
    <message>
        <source>Products ({count})</source>
        <translation>Products ({count})</translation>
    </message>
    <message>
        <source>Open tickets ({count})</source>
        <translation>Open tickets ({count})</translation>
    </message>
    <message>
        <source>History ({count})</source>
        <translation>History ({count})</translation>
    </message>
</context>
<context>
    <name>CustomerViewModel</name>
    <message>
        <source>No call. Search for a customer by name, account or number.</source>
        <translation>No call. Search for a customer by name, account or number.</translation>
    </message>
    <message>
        <source>Looking up {number}…</source>
        <translation>Looking up {number}…</translation>
    </message>
    <message>
        <source>{count} customers use {number}: pick one.</source>
        <translation>{count} customers use {number}: pick one.</translation>
    </message>
    <message>
        <source>Unknown caller: search, or continue as unknown.</source>
        <translation>Unknown caller: search, or continue as unknown.</translation>
    </message>
    <message>
        <source>No customer uses {number}: search, or continue as unknown.</source>
        <translation>No customer uses {number}: search, or continue as unknown.</translation>
    </message>
    <message>
        <source>Continuing without a customer.</source>
        <translation>Continuing without a customer.</translation>
    </message>
    <message>
        <source>Unknown caller: the customer service (API) cannot be reached.</source>
        <translation>Unknown caller: the customer service (API) cannot be reached.</translation>
    </message>
    <message>
        <source>Shown from the cache: the customer service (API) cannot be reached.</source>
        <translation>Shown from the cache: the customer service (API) cannot be reached.</translation>
    </message>
    <message>
        <source>Shown from the cache; updating…</source>
        <translation>Shown from the cache; updating…</translation>
    </message>
    <message>
        <source>Could not update everything: the customer service cannot be reached.</source>
        <translation>Could not update everything: the customer service cannot be reached.</translation>
    </message>
    <message>
        <source>Loading the customer card…</source>
        <translation>Loading the customer card…</translation>
    </message>
    <message>
        <source>{count} customers share this number</source>
        <translation>{count} customers share this number</translation>
    </message>
    <message>
        <source>Unknown caller (API unreachable)</source>
        <translation>Unknown caller (API unreachable)</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>Unknown caller</translation>
    </message>
    <message>
        <source>Loading the history…</source>
        <translation>Loading the history…</translation>
    </message>
    <message>
        <source>The history cannot be loaded now.</source>
        <translation>The history cannot be loaded now.</translation>
    </message>
    <message>
        <source>No earlier tickets.</source>
        <translation>No earlier tickets.</translation>
    </message>
    <message>
        <source>Searching for “{query}”…</source>
        <translation>Searching for “{query}”…</translation>
    </message>
    <message>
        <source>The search failed: the customer service cannot be reached.</source>
        <translation>The search failed: the customer service cannot be reached.</translation>
    </message>
    <message>
        <source>No customer found for “{query}”.</source>
        <translation>No customer found for “{query}”.</translation>
    </message>
    <message>
        <source>Search results: pick a customer.</source>
        <translation>Search results: pick a customer.</translation>
    </message>
    <message>
        <source>Customers using this number: pick one.</source>
        <translation>Customers using this number: pick one.</translation>
    </message>
    <message>
        <source>(VIP)</source>
        <translation>(VIP)</translation>
    </message>
    <message>
        <source>{date} (ended)</source>
        <translation>{date} (ended)</translation>
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <source>HomeAgent</source>
        <translation>HomeAgent</translation>
    </message>
    <message>
        <source>Line status</source>
        <translation>Line status</translation>
    </message>
    <message>
        <source>Demo mode</source>
        <translation>Demo mode</translation>
    </message>
    <message>
        <source>DEMO / TRAINING — sample customers and a simulated phone line.</source>
        <translation>DEMO / TRAINING — sample customers and a simulated phone line.</translation>
    </message>
    <message>
        <source>Keep me signed in on this computer</source>
        <translation>Keep me signed in on this computer</translation>
    </message>
    <message>
        <source>Sign-in message</source>
        <translation>Sign-in message</translation>
    </message>
    <message>
        <source>DEMO / TRAINING — simulated callers and sample customers; nothing is real.</source>
        <translation>DEMO / TRAINING — simulated callers and sample customers; nothing is real.</translation>
    </message>
    <message>
        <source>Customer, products, history and my day</source>
        <translation>Customer, products, history and my day</translation>
    </message>
    <message>
        <source>&amp;Customer</source>
        <translation>&amp;Customer</translation>
    </message>
    <message>
        <source>P&amp;roducts</source>
        <translation>P&amp;roducts</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>&amp;History</translation>
    </message>
    <message>
        <source>&amp;My day</source>
        <translation>&amp;My day</translation>
    </message>
    <message>
        <source>Home&amp;Agent</source>
        <translation>Home&amp;Agent</translation>
    </message>
    <message>
        <source>Shi&amp;ft</source>
        <translation>Shi&amp;ft</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Tools</translation>
    </message>
    <message>
        <source>He&amp;lp</source>
        <translation>He&amp;lp</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>Sign &amp;out</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Pre-shift check…</source>
        <translation>&amp;Pre-shift check…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>T&amp;raining…</source>
        <translation>T&amp;raining…</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Export &amp;diagnostics…</source>
        <translation>Export &amp;diagnostics…</translation>
    </message>
    <message>
        <source>&amp;About HomeAgent</source>
        <translation>&amp;About HomeAgent</translation>
    </message>
    <message>
        <source>Export diagnostics</source>
        <translation>Export diagnostics</translation>
    </message>
    <message>
        <source>Zip files (*.zip)</source>
        <translation>Zip files (*.zip)</translation>
    </message>
    <message>
        <source>Exporting diagnostics…</source>
        <translation>Exporting diagnostics…</translation>
    </message>
    <message>
        <source>Diagnostics saved to {path}</source>
        <translation>Diagnostics saved to {path}</translation>
    </message>
    <message>
        <source>Diagnostics not saved: {error}</source>
        <translation>Diagnostics not saved: {error}</translation>
    </message>
    <message>
        <source>About HomeAgent</source>
        <translation>About HomeAgent</translation>
    </message>
    <message>
        <source>HomeAgent {version}
Softphone and agent desktop for call-centre operators.</source>
        <translation>HomeAgent {version}
Softphone and agent desktop for call-centre operators.</translation>
    </message>
    <message>
        <source>{title} — DEMO</source>
        <translation>{title} — DEMO</translation>
    </message>
</context>
<context>
    <name>ElidedLabel</name>
    <message>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Search the call history</source>
        <translation>Search the call history</translation>
    </message>
    <message>
        <source>Search by number or name (Ctrl+F)</source>
        <translation>Search by number or name (Ctrl+F)</translation>
    </message>
    <message>
        <source>Call history status</source>
        <translation>Call history status</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Call back</translation>
    </message>
    <message>
        <source>Call history</source>
        <translation>Call history</translation>
    </message>
    <message>
        <source>Add note to ticket…</source>
        <translation>Add note to ticket…</translation>
    </message>
</context>
<context>
    <name>HistoryTableModel</name>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duration</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>Disposition</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Missed</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>Incoming</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>Outgoing</translation>
    </message>
    <message>
        <source>{direction} (in progress)</source>
        <translation>{direction} (in progress)</translation>
    </message>
    <message>
        <source>Unknown number</source>
        <translation>Unknown number</translation>
    </message>
</context>
<context>
    <name>HistoryViewModel</name>
    <message>
        <source>Searching…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>Loading the history…</source>
        <translation>Loading the history…</translation>
    </message>
    <message>
        <source>No call matches “{query}”.</source>
        <translation>No call matches “{query}”.</translation>
    </message>
    <message>
        <source>No calls yet.</source>
        <translation>No calls yet.</translation>
    </message>
    <message>
        <source>The {count} most recent matches.</source>
        <translation>The {count} most recent matches.</translation>
    </message>
    <message>
        <source>The {count} most recent calls.</source>
        <translation>The {count} most recent calls.</translation>
    </message>
    <message>
        <source>{count} matching calls.</source>
        <translation>{count} matching calls.</translation>
    </message>
    <message>
        <source>{count} calls.</source>
        <translation>{count} calls.</translation>
    </message>
    <message>
        <source>The call history could not be read or saved.</source>
        <translation>The call history could not be read or saved.</translation>
    </message>
</context>
<context>
    <name>LineBanner</name>
    <message>
        <source>Problem with the phone line</source>
        <translation>Problem with the phone line</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Retry now</translation>
    </message>
</context>
<context>
    <name>MyDayChart</name>
    <message>
        <source>Calls per hour and tickets by category</source>
        <translation>Calls per hour and tickets by category</translation>
    </message>
    <message>
        <source>Calls per hour</source>
        <translation>Calls per hour</translation>
    </message>
    <message>
        <source>Handled</source>
        <translation>Handled</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Missed</translation>
    </message>
    <message>
        <source>Tickets by category</source>
        <translation>Tickets by category</translation>
    </message>
</context>
<context>
    <name>MyDayViewModel</name>
    <message>
        <source>Calls handled</source>
        <translation>Calls handled</translation>
    </message>
    <message>
        <source>Missed calls</source>
        <translation>Missed calls</translation>
    </message>
    <message>
        <source>Talk time</source>
        <translation>Talk time</translation>
    </message>
    <message>
        <source>Average handling time</source>
        <translation>Average handling time</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <source>Breaks taken</source>
        <translation>Breaks taken</translation>
    </message>
    <message>
        <source>Break time</source>
        <translation>Break time</translation>
    </message>
    <message>
        <source>Time worked</source>
        <translation>Time worked</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Request</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Information</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>{handled} calls handled, {missed} missed, talk time {talk}, {tickets} tickets.</source>
        <translation>{handled} calls handled, {missed} missed, talk time {talk}, {tickets} tickets.</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <source>Add a note to a ticket</source>
        <translation>Add a note to a ticket</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Ticket: {subject}</source>
        <translation>Ticket: {subject}</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Note state</source>
        <translation>Note state</translation>
    </message>
    <message>
        <source>&amp;Add note</source>
        <translation>&amp;Add note</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Add note</translation>
    </message>
    <message>
        <source>Add note ({keys})</source>
        <translation>Add note ({keys})</translation>
    </message>
    <message>
        <source>Close, keep the draft</source>
        <translation>Close, keep the draft</translation>
    </message>
</context>
<context>
    <name>PreShiftDialog</name>
    <message>
        <source>Pre-shift check</source>
        <translation>Pre-shift check</translation>
    </message>
    <message>
        <source>Checks done</source>
        <translation>Checks done</translation>
    </message>
    <message>
        <source>Run again</source>
        <translation>Run again</translation>
    </message>
    <message>
        <source>Run the check again</source>
        <translation>Run the check again</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>PreShiftViewModel</name>
    <message>
        <source>Phone line</source>
        <translation>Phone line</translation>
    </message>
    <message>
        <source>Company server and clock</source>
        <translation>Company server and clock</translation>
    </message>
    <message>
        <source>Password storage</source>
        <translation>Password storage</translation>
    </message>
    <message>
        <source>Headset</source>
        <translation>Headset</translation>
    </message>
    <message>
        <source>Microphone and speaker test</source>
        <translation>Microphone and speaker test</translation>
    </message>
    <message>
        <source>Not run yet</source>
        <translation>Not run yet</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Not available</source>
        <translation>Not available</translation>
    </message>
    <message>
        <source>round trip {median} ms, jitter {jitter} ms, loss {loss} %</source>
        <translation>round trip {median} ms, jitter {jitter} ms, loss {loss} %</translation>
    </message>
    <message>
        <source>round trip {rtt} ms, clock off by {skew} s</source>
        <translation>round trip {rtt} ms, clock off by {skew} s</translation>
    </message>
    <message>
        <source> and {n} more</source>
        <translation> and {n} more</translation>
    </message>
    <message>
        <source>microphone level {level} %</source>
        <translation>microphone level {level} %</translation>
    </message>
    <message>
        <source>Ready for your shift</source>
        <translation>Ready for your shift</translation>
    </message>
    <message>
        <source>Ready, but some things could be better</source>
        <translation>Ready, but some things could be better</translation>
    </message>
    <message>
        <source>Not ready: please fix the problems below</source>
        <translation>Not ready: please fix the problems below</translation>
    </message>
    <message>
        <source>Not checked yet</source>
        <translation>Not checked yet</translation>
    </message>
    <message>
        <source>The phone line cannot be reached. Check your internet connection and VPN.</source>
        <translation>The phone line cannot be reached. Check your internet connection and VPN.</translation>
    </message>
    <message>
        <source>The phone line&apos;s security certificate was refused. Call IT support.</source>
        <translation>The phone line&apos;s security certificate was refused. Call IT support.</translation>
    </message>
    <message>
        <source>No phone line is set up on this computer.</source>
        <translation>No phone line is set up on this computer.</translation>
    </message>
    <message>
        <source>Some of the voice data is lost: calls may break up.</source>
        <translation>Some of the voice data is lost: calls may break up.</translation>
    </message>
    <message>
        <source>Use a network cable instead of Wi-Fi, or move closer to your router.</source>
        <translation>Use a network cable instead of Wi-Fi, or move closer to your router.</translation>
    </message>
    <message>
        <source>The connection is slow: callers may hear a delay. Stop videos and downloads.</source>
        <translation>The connection is slow: callers may hear a delay. Stop videos and downloads.</translation>
    </message>
    <message>
        <source>The company server cannot be reached. Check your internet connection.</source>
        <translation>The company server cannot be reached. Check your internet connection.</translation>
    </message>
    <message>
        <source>No company server is set up on this computer.</source>
        <translation>No company server is set up on this computer.</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is wrong. Set the date and time to update automatically.</source>
        <translation>This computer&apos;s clock is wrong. Set the date and time to update automatically.</translation>
    </message>
    <message>
        <source>The company server answers slowly: customer details may take time to appear.</source>
        <translation>The company server answers slowly: customer details may take time to appear.</translation>
    </message>
    <message>
        <source>Passwords cannot be kept safely on this computer: you will type yours at each start. Tell IT support.</source>
        <translation>Passwords cannot be kept safely on this computer: you will type yours at each start. Tell IT support.</translation>
    </message>
    <message>
        <source>No microphone or speaker found. Plug in your headset.</source>
        <translation>No microphone or speaker found. Plug in your headset.</translation>
    </message>
    <message>
        <source>No headset found. Plug in your headset before calls.</source>
        <translation>No headset found. Plug in your headset before calls.</translation>
    </message>
    <message>
        <source>Cannot tell whether a headset is plugged in.</source>
        <translation>Cannot tell whether a headset is plugged in.</translation>
    </message>
    <message>
        <source>Your microphone heard nothing. Check that it is not muted, and speak during the test.</source>
        <translation>Your microphone heard nothing. Check that it is not muted, and speak during the test.</translation>
    </message>
    <message>
        <source>The sound test failed. Check your headset is plugged in.</source>
        <translation>The sound test failed. Check your headset is plugged in.</translation>
    </message>
    <message>
        <source>The sound test is not available here.</source>
        <translation>The sound test is not available here.</translation>
    </message>
    <message>
        <source>A check took too long. Run the check again.</source>
        <translation>A check took too long. Run the check again.</translation>
    </message>
</context>
<context>
    <name>ProductPanel</name>
    <message>
        <source>Products</source>
        <translation>Products</translation>
    </message>
    <message>
        <source>Search products</source>
        <translation>Search products</translation>
    </message>
    <message>
        <source>Search products by name or category</source>
        <translation>Search products by name or category</translation>
    </message>
    <message>
        <source>Products found</source>
        <translation>Products found</translation>
    </message>
    <message>
        <source>Product name</source>
        <translation>Product name</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Product description</source>
        <translation>Product description</translation>
    </message>
    <message>
        <source>Help articles</source>
        <translation>Help articles</translation>
    </message>
    <message>
        <source>Help article</source>
        <translation>Help article</translation>
    </message>
    <message>
        <source>{kind}: {title}</source>
        <translation>{kind}: {title}</translation>
    </message>
</context>
<context>
    <name>ProductViewModel</name>
    <message>
        <source>Searching the catalogue…</source>
        <translation>Searching the catalogue…</translation>
    </message>
    <message>
        <source>The catalogue cannot be reached now. Try again in a moment.</source>
        <translation>The catalogue cannot be reached now. Try again in a moment.</translation>
    </message>
    <message>
        <source>No product matches “{query}”.</source>
        <translation>No product matches “{query}”.</translation>
    </message>
    <message>
        <source>The catalogue is empty.</source>
        <translation>The catalogue is empty.</translation>
    </message>
    <message>
        <source>Loading the product…</source>
        <translation>Loading the product…</translation>
    </message>
    <message>
        <source>Shown from memory: the catalogue cannot be reached now.</source>
        <translation>Shown from memory: the catalogue cannot be reached now.</translation>
    </message>
    <message>
        <source>This product is no longer in the catalogue.</source>
        <translation>This product is no longer in the catalogue.</translation>
    </message>
    <message>
        <source>The product cannot be loaded now. Try again in a moment.</source>
        <translation>The product cannot be loaded now. Try again in a moment.</translation>
    </message>
    <message>
        <source>Pick a product to see its description and help articles.</source>
        <translation>Pick a product to see its description and help articles.</translation>
    </message>
    <message>
        <source>Troubleshooting</source>
        <translation>Troubleshooting</translation>
    </message>
    <message>
        <source>FAQ</source>
        <translation>FAQ</translation>
    </message>
</context>
<context>
    <name>RingingPanel</name>
    <message>
        <source>Incoming call</source>
        <translation>Incoming call</translation>
    </message>
    <message>
        <source>Caller number</source>
        <translation>Caller number</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>Caller</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Decline</translation>
    </message>
    <message>
        <source>Call waiting — a second call</source>
        <translation>Call waiting — a second call</translation>
    </message>
    <message>
        <source>Looking up the caller…</source>
        <translation>Looking up the caller…</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Set by your IT department</source>
        <translation>Set by your IT department</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Ringtone</source>
        <translation>Ringtone</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Default</translation>
    </message>
    <message>
        <source>Answer calls automatically</source>
        <translation>Answer calls automatically</translation>
    </message>
    <message>
        <source>Seconds before answering</source>
        <translation>Seconds before answering</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Auto-answer</source>
        <translation>Auto-answer</translation>
    </message>
    <message>
        <source>Start HomeAgent when I log in</source>
        <translation>Start HomeAgent when I log in</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Not available on this system</source>
        <translation>Not available on this system</translation>
    </message>
    <message>
        <source>Audio devices</source>
        <translation>Audio devices</translation>
    </message>
    <message>
        <source>Audio devices unavailable</source>
        <translation>Audio devices unavailable</translation>
    </message>
    <message>
        <source>Echo cancellation</source>
        <translation>Echo cancellation</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>Microphone</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Speaker</translation>
    </message>
    <message>
        <source>Ringer</source>
        <translation>Ringer</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>System default</translation>
    </message>
    <message>
        <source>{device} volume</source>
        <translation>{device} volume</translation>
    </message>
    <message>
        <source>The new language applies the next time HomeAgent starts.</source>
        <translation>The new language applies the next time HomeAgent starts.</translation>
    </message>
    <message>
        <source>Your settings could not be saved.</source>
        <translation>Your settings could not be saved.</translation>
    </message>
    <message>
        <source>Starting with the session could not be changed.</source>
        <translation>Starting with the session could not be changed.</translation>
    </message>
</context>
<context>
    <name>ShiftBar</name>
    <message>
        <source>Shift</source>
        <translation>Shift</translation>
    </message>
    <message>
        <source>Clock in</source>
        <translation>Clock in</translation>
    </message>
    <message>
        <source>Start break</source>
        <translation>Start break</translation>
    </message>
    <message>
        <source>Start a break ({keys}); the arrow picks the reason</source>
        <translation>Start a break ({keys}); the arrow picks the reason</translation>
    </message>
    <message>
        <source>End break</source>
        <translation>End break</translation>
    </message>
    <message>
        <source>Clock out</source>
        <translation>Clock out</translation>
    </message>
    <message>
        <source>Worked today</source>
        <translation>Worked today</translation>
    </message>
    <message>
        <source>Break time today</source>
        <translation>Break time today</translation>
    </message>
    <message>
        <source>Last punch</source>
        <translation>Last punch</translation>
    </message>
    <message>
        <source>Shift message</source>
        <translation>Shift message</translation>
    </message>
    <message>
        <source>Agent status</source>
        <translation>Agent status</translation>
    </message>
    <message>
        <source>Timesheet…</source>
        <translation>Timesheet…</translation>
    </message>
    <message>
        <source>Timesheet of the week</source>
        <translation>Timesheet of the week</translation>
    </message>
    <message>
        <source>Clock &amp;in</source>
        <translation>Clock &amp;in</translation>
    </message>
    <message>
        <source>Start or end a &amp;break</source>
        <translation>Start or end a &amp;break</translation>
    </message>
    <message>
        <source>Clock &amp;out</source>
        <translation>Clock &amp;out</translation>
    </message>
    <message>
        <source>&amp;Timesheet…</source>
        <translation>&amp;Timesheet…</translation>
    </message>
    <message>
        <source>{action} ({keys})</source>
        <translation>{action} ({keys})</translation>
    </message>
    <message>
        <source>Agent status: {status}</source>
        <translation>Agent status: {status}</translation>
    </message>
</context>
<context>
    <name>ShiftViewModel</name>
    <message>
        <source>Not clocked in</source>
        <translation>Not clocked in</translation>
    </message>
    <message>
        <source>On break ({reason}) since {time}</source>
        <translation>On break ({reason}) since {time}</translation>
    </message>
    <message>
        <source>On break since {time}</source>
        <translation>On break since {time}</translation>
    </message>
    <message>
        <source>Working since {time}</source>
        <translation>Working since {time}</translation>
    </message>
    <message>
        <source>{state} — saving the punch…</source>
        <translation>{state} — saving the punch…</translation>
    </message>
    <message>
        <source>{state} — clock-out when the call ends</source>
        <translation>{state} — clock-out when the call ends</translation>
    </message>
    <message>
        <source>{punch}: received by the server {time}</source>
        <translation>{punch}: received by the server {time}</translation>
    </message>
    <message>
        <source>{punch}: saved on this computer {time}</source>
        <translation>{punch}: saved on this computer {time}</translation>
    </message>
    <message>
        <source>Worked {time}</source>
        <translation>Worked {time}</translation>
    </message>
    <message>
        <source>Breaks {time}</source>
        <translation>Breaks {time}</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Available</translation>
    </message>
    <message>
        <source>Not ready</source>
        <translation>Not ready</translation>
    </message>
    <message>
        <source>Not ready — {reason}</source>
        <translation>Not ready — {reason}</translation>
    </message>
    <message>
        <source>On call</source>
        <translation>On call</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>Wrap-up</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Not ready — on break</source>
        <translation>Not ready — on break</translation>
    </message>
    <message>
        <source>the phone engine is not running</source>
        <translation>the phone engine is not running</translation>
    </message>
    <message>
        <source>the phone line is not connected</source>
        <translation>the phone line is not connected</translation>
    </message>
    <message>
        <source>no headset or microphone found</source>
        <translation>no headset or microphone found</translation>
    </message>
    <message>
        <source>a technical problem ({code})</source>
        <translation>a technical problem ({code})</translation>
    </message>
    <message>
        <source>Clock in</source>
        <translation>Clock in</translation>
    </message>
    <message>
        <source>Clock out</source>
        <translation>Clock out</translation>
    </message>
    <message>
        <source>Break start</source>
        <translation>Break start</translation>
    </message>
    <message>
        <source>Break end</source>
        <translation>Break end</translation>
    </message>
    <message>
        <source>You did not clock out at the end of your last shift.</source>
        <translation>You did not clock out at the end of your last shift.</translation>
    </message>
    <message>
        <source>You did not clock out after your shift of {day} (last punch at {time}). Clock out now, then clock in, and tell your supervisor when you stopped.</source>
        <translation>You did not clock out after your shift of {day} (last punch at {time}). Clock out now, then clock in, and tell your supervisor when you stopped.</translation>
    </message>
    <message>
        <source>You will be clocked out when the call and its wrap-up end.</source>
        <translation>You will be clocked out when the call and its wrap-up end.</translation>
    </message>
    <message>
        <source>The punch could not be saved on this computer ({detail}). Try again; if it keeps failing, tell your supervisor.</source>
        <translation>The punch could not be saved on this computer ({detail}). Try again; if it keeps failing, tell your supervisor.</translation>
    </message>
    <message>
        <source>That punch is not possible now.</source>
        <translation>That punch is not possible now.</translation>
    </message>
</context>
<context>
    <name>Shortcut</name>
    <message>
        <source>{action} ({keys})</source>
        <translation>{action} ({keys})</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Answer the ringing call (or call the number typed)</source>
        <translation>Answer the ringing call (or call the number typed)</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Hang up</translation>
    </message>
    <message>
        <source>Hold / resume</source>
        <translation>Hold / resume</translation>
    </message>
    <message>
        <source>Mute / unmute</source>
        <translation>Mute / unmute</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>Keypad tones during a call</source>
        <translation>Keypad tones during a call</translation>
    </message>
    <message>
        <source>Clock in</source>
        <translation>Clock in</translation>
    </message>
    <message>
        <source>Start / end a break</source>
        <translation>Start / end a break</translation>
    </message>
    <message>
        <source>Clock out</source>
        <translation>Clock out</translation>
    </message>
    <message>
        <source>Go to the ticket notes</source>
        <translation>Go to the ticket notes</translation>
    </message>
    <message>
        <source>Submit the ticket and wrap-up</source>
        <translation>Submit the ticket and wrap-up</translation>
    </message>
    <message>
        <source>Customer, Products, History, My day</source>
        <translation>Customer, Products, History, My day</translation>
    </message>
    <message>
        <source>Search in the tab in front (customers, products, history)</source>
        <translation>Search in the tab in front (customers, products, history)</translation>
    </message>
    <message>
        <source>This sheet</source>
        <translation>This sheet</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Keys</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
</context>
<context>
    <name>SignInBox</name>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Remember password</source>
        <translation>Remember password</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Password</translation>
    </message>
</context>
<context>
    <name>SoftphoneText</name>
    <message>
        <source>Type a number to call.</source>
        <translation>Type a number to call.</translation>
    </message>
    <message>
        <source>That number contains characters that cannot be dialled.</source>
        <translation>That number contains characters that cannot be dialled.</translation>
    </message>
    <message>
        <source>That is not a phone number.</source>
        <translation>That is not a phone number.</translation>
    </message>
    <message>
        <source>That number has the wrong length for its country.</source>
        <translation>That number has the wrong length for its country.</translation>
    </message>
    <message>
        <source>No phone server is configured for dialling. Contact IT.</source>
        <translation>No phone server is configured for dialling. Contact IT.</translation>
    </message>
    <message>
        <source>That SIP address is not valid.</source>
        <translation>That SIP address is not valid.</translation>
    </message>
    <message>
        <source>That number cannot be dialled.</source>
        <translation>That number cannot be dialled.</translation>
    </message>
    <message>
        <source>Sign in before making a call.</source>
        <translation>Sign in before making a call.</translation>
    </message>
    <message>
        <source>You already have two calls. End one first.</source>
        <translation>You already have two calls. End one first.</translation>
    </message>
    <message>
        <source>The phone engine stopped unexpectedly. Calls in progress were lost; it is restarting.</source>
        <translation>The phone engine stopped unexpectedly. Calls in progress were lost; it is restarting.</translation>
    </message>
    <message>
        <source>The transfer failed ({detail}). The caller is still on your line.</source>
        <translation>The transfer failed ({detail}). The caller is still on your line.</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>Enter your user name and password.</translation>
    </message>
    <message>
        <source>No phone server is configured on this computer. Contact IT.</source>
        <translation>No phone server is configured on this computer. Contact IT.</translation>
    </message>
    <message>
        <source>The system keyring is unavailable: your password cannot be remembered on this computer.</source>
        <translation>The system keyring is unavailable: your password cannot be remembered on this computer.</translation>
    </message>
    <message>
        <source>Enter your password to sign in.</source>
        <translation>Enter your password to sign in.</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>Wrong user name or password.</translation>
    </message>
    <message>
        <source>Too many attempts: your account is locked for {detail} s. Try again then.</source>
        <translation>Too many attempts: your account is locked for {detail} s. Try again then.</translation>
    </message>
    <message>
        <source>The company server cannot be reached. Check your internet connection; HomeAgent keeps trying.</source>
        <translation>The company server cannot be reached. Check your internet connection; HomeAgent keeps trying.</translation>
    </message>
    <message>
        <source>The company server&apos;s certificate was refused: this connection may be intercepted. Your password was not sent. Tell IT.</source>
        <translation>The company server&apos;s certificate was refused: this connection may be intercepted. Your password was not sent. Tell IT.</translation>
    </message>
    <message>
        <source>The company server refused ({detail}).</source>
        <translation>The company server refused ({detail}).</translation>
    </message>
    <message>
        <source>Sign-in failed ({detail}). Contact IT.</source>
        <translation>Sign-in failed ({detail}). Contact IT.</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is {detail} s off the company&apos;s. Your punches carry this computer&apos;s time: ask IT to fix the clock.</source>
        <translation>This computer&apos;s clock is {detail} s off the company&apos;s. Your punches carry this computer&apos;s time: ask IT to fix the clock.</translation>
    </message>
    <message>
        <source>You did not clock out last time (clocked in since {detail}). Clock out now and tell your supervisor the right time.</source>
        <translation>You did not clock out last time (clocked in since {detail}). Clock out now and tell your supervisor the right time.</translation>
    </message>
    <message>
        <source>Your punch could NOT be saved ({detail}). Try again; if it keeps failing, tell your supervisor the time.</source>
        <translation>Your punch could NOT be saved ({detail}). Try again; if it keeps failing, tell your supervisor the time.</translation>
    </message>
    <message>
        <source>That punch does not fit your shift right now.</source>
        <translation>That punch does not fit your shift right now.</translation>
    </message>
    <message>
        <source>You will be clocked out as soon as this call and its wrap-up end.</source>
        <translation>You will be clocked out as soon as this call and its wrap-up end.</translation>
    </message>
    <message>
        <source>Something went wrong ({code}).</source>
        <translation>Something went wrong ({code}).</translation>
    </message>
    <message>
        <source>That call has already ended.</source>
        <translation>That call has already ended.</translation>
    </message>
    <message>
        <source>Those keys cannot be sent on this call.</source>
        <translation>Those keys cannot be sent on this call.</translation>
    </message>
    <message>
        <source>The phone engine is still starting. Try again shortly.</source>
        <translation>The phone engine is still starting. Try again shortly.</translation>
    </message>
    <message>
        <source>The consultation call has ended; nothing was transferred.</source>
        <translation>The consultation call has ended; nothing was transferred.</translation>
    </message>
    <message>
        <source>The phone system refused: {detail}</source>
        <translation>The phone system refused: {detail}</translation>
    </message>
    <message>
        <source>The phone engine could not do that ({code}).</source>
        <translation>The phone engine could not do that ({code}).</translation>
    </message>
    <message>
        <source>This user name is unknown to the phone server.</source>
        <translation>This user name is unknown to the phone server.</translation>
    </message>
    <message>
        <source>The phone server did not answer (timeout).</source>
        <translation>The phone server did not answer (timeout).</translation>
    </message>
    <message>
        <source>The phone server (registrar) is unreachable.</source>
        <translation>The phone server (registrar) is unreachable.</translation>
    </message>
    <message>
        <source>The phone server&apos;s TLS certificate was refused.</source>
        <translation>The phone server&apos;s TLS certificate was refused.</translation>
    </message>
    <message>
        <source>The phone server reported an error ({code}).</source>
        <translation>The phone server reported an error ({code}).</translation>
    </message>
    <message>
        <source>Sign-in failed ({code} {reason}).</source>
        <translation>Sign-in failed ({code} {reason}).</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>On hold</translation>
    </message>
    <message>
        <source>Held by the other party</source>
        <translation>Held by the other party</translation>
    </message>
    <message>
        <source>Muted</source>
        <translation>Muted</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>Calling…</source>
        <translation>Calling…</translation>
    </message>
    <message>
        <source>Ringing…</source>
        <translation>Ringing…</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Incoming call</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Ended</translation>
    </message>
    <message>
        <source>MOS {mos} · jitter {jitter} ms · loss {loss}%</source>
        <translation>MOS {mos} · jitter {jitter} ms · loss {loss}%</translation>
    </message>
    <message>
        <source>The call was cut: no sound came from the other side.</source>
        <translation>The call was cut: no sound came from the other side.</translation>
    </message>
    <message>
        <source>Missed call: the caller hung up before you answered.</source>
        <translation>Missed call: the caller hung up before you answered.</translation>
    </message>
    <message>
        <source>The line is busy.</source>
        <translation>The line is busy.</translation>
    </message>
    <message>
        <source>The call was declined.</source>
        <translation>The call was declined.</translation>
    </message>
    <message>
        <source>That number does not exist.</source>
        <translation>That number does not exist.</translation>
    </message>
    <message>
        <source>The person you called is unavailable.</source>
        <translation>The person you called is unavailable.</translation>
    </message>
    <message>
        <source>No answer.</source>
        <translation>No answer.</translation>
    </message>
    <message>
        <source>The call could not be connected (network).</source>
        <translation>The call could not be connected (network).</translation>
    </message>
    <message>
        <source>The call failed.</source>
        <translation>The call failed.</translation>
    </message>
</context>
<context>
    <name>SoftphoneViewModel</name>
    <message>
        <source>Press Enter to call this number.</source>
        <translation>Press Enter to call this number.</translation>
    </message>
    <message>
        <source>Phone engine down, restarting…</source>
        <translation>Phone engine down, restarting…</translation>
    </message>
    <message>
        <source>Looking up your saved password…</source>
        <translation>Looking up your saved password…</translation>
    </message>
    <message>
        <source>Ready: signed in as {user}</source>
        <translation>Ready: signed in as {user}</translation>
    </message>
    <message>
        <source>Signing in as {user}…</source>
        <translation>Signing in as {user}…</translation>
    </message>
    <message>
        <source>Not signed in: {why}</source>
        <translation>Not signed in: {why}</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Signed out</translation>
    </message>
    <message>
        <source>The phone engine stopped and is restarting; you will be signed in again automatically.</source>
        <translation>The phone engine stopped and is restarting; you will be signed in again automatically.</translation>
    </message>
    <message>
        <source>Retrying automatically in {n} s.</source>
        <translation>Retrying automatically in {n} s.</translation>
    </message>
    <message>
        <source>Retrying automatically.</source>
        <translation>Retrying automatically.</translation>
    </message>
    <message>
        <source>Check your user name and password, then sign in again.</source>
        <translation>Check your user name and password, then sign in again.</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>Unknown caller</translation>
    </message>
    <message>
        <source>Withheld number</source>
        <translation>Withheld number</translation>
    </message>
    <message>
        <source>{number} — “{name}”</source>
        <translation>{number} — “{name}”</translation>
    </message>
</context>
<context>
    <name>SoftphoneWindow</name>
    <message>
        <source>HomeAgent</source>
        <translation>HomeAgent</translation>
    </message>
    <message>
        <source>{title} — DEMO</source>
        <translation>{title} — DEMO</translation>
    </message>
    <message>
        <source>Demo mode</source>
        <translation>Demo mode</translation>
    </message>
    <message>
        <source>DEMO — simulated phone line, no real calls are made.</source>
        <translation>DEMO — simulated phone line, no real calls are made.</translation>
    </message>
    <message>
        <source>Line status</source>
        <translation>Line status</translation>
    </message>
</context>
<context>
    <name>SyncDialog</name>
    <message>
        <source>Items waiting to be sent</source>
        <translation>Items waiting to be sent</translation>
    </message>
    <message>
        <source>Failed items</source>
        <translation>Failed items</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Server&apos;s reason</source>
        <translation>Server&apos;s reason</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>Server&apos;s reason for the selected item</source>
        <translation>Server&apos;s reason for the selected item</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Retry now</translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation>Retry failed</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Export failed items</source>
        <translation>Export failed items</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON files (*.json)</translation>
    </message>
    <message>
        <source>HomeAgent</source>
        <translation>HomeAgent</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>Sync status: {summary}</source>
        <translation>Sync status: {summary}</translation>
    </message>
</context>
<context>
    <name>SyncViewModel</name>
    <message>
        <source>Not syncing</source>
        <translation>Not syncing</translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n waiting</numerusform>
            <numerusform>%n waiting</numerusform>
        </translation>
    </message>
    <message>
        <source>All sent</source>
        <translation>All sent</translation>
    </message>
    <message>
        <source>Signed out: items will be sent after you sign in again.</source>
        <translation>Signed out: items will be sent after you sign in again.</translation>
    </message>
    <message>
        <source>The company server cannot be reached: items are kept and sent later.</source>
        <translation>The company server cannot be reached: items are kept and sent later.</translation>
    </message>
    <message>
        <source>The server refused some items. Retry them, or export them for IT.</source>
        <translation>The server refused some items. Retry them, or export them for IT.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <source>Everything has been sent.</source>
        <translation>Everything has been sent.</translation>
    </message>
    <message>
        <source>Punch</source>
        <translation>Punch</translation>
    </message>
    <message>
        <source>Status change</source>
        <translation>Status change</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Ticket note</source>
        <translation>Ticket note</translation>
    </message>
    <message>
        <source>Call record</source>
        <translation>Call record</translation>
    </message>
    <message>
        <source>No connection to the company server or the phone line. Your work is kept on this computer and sent when the connection is back.</source>
        <translation>No connection to the company server or the phone line. Your work is kept on this computer and sent when the connection is back.</translation>
    </message>
    <message>
        <source>The company server cannot be reached. Your work is kept on this computer and sent when the connection is back.</source>
        <translation>The company server cannot be reached. Your work is kept on this computer and sent when the connection is back.</translation>
    </message>
    <message>
        <source>The phone line cannot be reached: calls cannot come in right now.</source>
        <translation>The phone line cannot be reached: calls cannot come in right now.</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) exported to {path}</source>
        <translation>
            <numerusform>%n item exported to {path}</numerusform>
            <numerusform>%n items exported to {path}</numerusform>
        </translation>
    </message>
    <message>
        <source>The export failed: {detail}</source>
        <translation>The export failed: {detail}</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) will be sent again</source>
        <translation>
            <numerusform>%n item will be sent again</numerusform>
            <numerusform>%n items will be sent again</numerusform>
        </translation>
    </message>
    <message>
        <source>The local database was damaged. It was set aside for IT ({path}) and a new one started; anything not yet sent may be missing.</source>
        <translation>The local database was damaged. It was set aside for IT ({path}) and a new one started; anything not yet sent may be missing.</translation>
    </message>
    <message>
        <source>The last changes saved on this computer could not be read; the file was set aside for IT ({path}).</source>
        <translation>The last changes saved on this computer could not be read; the file was set aside for IT ({path}).</translation>
    </message>
    <message>
        <source>The waiting items could not be read: {detail}</source>
        <translation>The waiting items could not be read: {detail}</translation>
    </message>
</context>
<context>
    <name>TicketPanel</name>
    <message>
        <source>Call</source>
        <translation>Call</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Wrap-up time</source>
        <translation>Wrap-up time</translation>
    </message>
    <message>
        <source>&amp;Submit</source>
        <translation>&amp;Submit</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>Submit</translation>
    </message>
    <message>
        <source>What is missing</source>
        <translation>What is missing</translation>
    </message>
    <message>
        <source>Ticket state</source>
        <translation>Ticket state</translation>
    </message>
    <message>
        <source>Draft and queue state</source>
        <translation>Draft and queue state</translation>
    </message>
    <message>
        <source>Calls waiting for wrap-up</source>
        <translation>Calls waiting for wrap-up</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>&amp;Category</source>
        <translation>&amp;Category</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>First line of the notes if left empty</source>
        <translation>First line of the notes if left empty</translation>
    </message>
    <message>
        <source>S&amp;ubject</source>
        <translation>S&amp;ubject</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Product</translation>
    </message>
    <message>
        <source>&amp;Product</source>
        <translation>&amp;Product</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>Disposition</translation>
    </message>
    <message>
        <source>&amp;Disposition</source>
        <translation>&amp;Disposition</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Focus notes</source>
        <translation>Focus notes</translation>
    </message>
    <message>
        <source>Phrases</source>
        <translation>Phrases</translation>
    </message>
    <message>
        <source>Insert a canned phrase</source>
        <translation>Insert a canned phrase</translation>
    </message>
    <message>
        <source>&amp;Notes</source>
        <translation>&amp;Notes</translation>
    </message>
    <message>
        <source>No canned phrases</source>
        <translation>No canned phrases</translation>
    </message>
</context>
<context>
    <name>TicketViewModel</name>
    <message>
        <source>Request</source>
        <translation>Request</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Information</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Category…</source>
        <translation>Category…</translation>
    </message>
    <message>
        <source>Disposition…</source>
        <translation>Disposition…</translation>
    </message>
    <message>
        <source>No call: a ticket on its own</source>
        <translation>No call: a ticket on its own</translation>
    </message>
    <message>
        <source>withheld number</source>
        <translation>withheld number</translation>
    </message>
    <message>
        <source>Call with {who} — in progress</source>
        <translation>Call with {who} — in progress</translation>
    </message>
    <message>
        <source>Call with {who} — ended</source>
        <translation>Call with {who} — ended</translation>
    </message>
    <message>
        <source>Customer: {name}</source>
        <translation>Customer: {name}</translation>
    </message>
    <message>
        <source>Customer: unknown</source>
        <translation>Customer: unknown</translation>
    </message>
    <message>
        <source>Wrap-up overdue by {time}</source>
        <translation>Wrap-up overdue by {time}</translation>
    </message>
    <message>
        <source>Wrap-up: {time} left</source>
        <translation>Wrap-up: {time} left</translation>
    </message>
    <message numerus="yes">
        <source>%n more call(s) to wrap up after this one</source>
        <translation>
            <numerusform>%n more call to wrap up after this one</numerusform>
            <numerusform>%n more calls to wrap up after this one</numerusform>
        </translation>
    </message>
    <message>
        <source>Queuing…</source>
        <translation>Queuing…</translation>
    </message>
    <message>
        <source>Submit once the call has ended</source>
        <translation>Submit once the call has ended</translation>
    </message>
    <message>
        <source>Choose a category for the ticket</source>
        <translation>Choose a category for the ticket</translation>
    </message>
    <message>
        <source>Nothing to submit: type a subject or notes</source>
        <translation>Nothing to submit: type a subject or notes</translation>
    </message>
    <message>
        <source>Choose a disposition</source>
        <translation>Choose a disposition</translation>
    </message>
    <message>
        <source>Choose a product from the list, or clear the field</source>
        <translation>Choose a product from the list, or clear the field</translation>
    </message>
    <message>
        <source>Note queued — will be sent</source>
        <translation>Note queued — will be sent</translation>
    </message>
    <message>
        <source>Note not queued, nothing was lost — try again ({detail})</source>
        <translation>Note not queued, nothing was lost — try again ({detail})</translation>
    </message>
    <message>
        <source>The note is empty</source>
        <translation>The note is empty</translation>
    </message>
    <message>
        <source>Draft saved</source>
        <translation>Draft saved</translation>
    </message>
    <message>
        <source>Draft not saved: {detail}</source>
        <translation>Draft not saved: {detail}</translation>
    </message>
    <message>
        <source>Queued — will be sent</source>
        <translation>Queued — will be sent</translation>
    </message>
    <message>
        <source>Queued after restart — will be sent</source>
        <translation>Queued after restart — will be sent</translation>
    </message>
    <message>
        <source>Not queued, nothing was lost — try again ({detail})</source>
        <translation>Not queued, nothing was lost — try again ({detail})</translation>
    </message>
    <message>
        <source>Wrap-up time is over: finish and submit</source>
        <translation>Wrap-up time is over: finish and submit</translation>
    </message>
    <message>
        <source>Unfinished drafts restored: {detail}</source>
        <translation>Unfinished drafts restored: {detail}</translation>
    </message>
    <message>
        <source>Drafts could not be read: {detail}</source>
        <translation>Drafts could not be read: {detail}</translation>
    </message>
</context>
<context>
    <name>TimesheetDialog</name>
    <message>
        <source>Timesheet</source>
        <translation>Timesheet</translation>
    </message>
    <message>
        <source>Previous week</source>
        <translation>Previous week</translation>
    </message>
    <message>
        <source>Next week</source>
        <translation>Next week</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Punches of the week</source>
        <translation>Punches of the week</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Clock in</source>
        <translation>Clock in</translation>
    </message>
    <message>
        <source>Clock out</source>
        <translation>Clock out</translation>
    </message>
    <message>
        <source>Breaks</source>
        <translation>Breaks</translation>
    </message>
    <message>
        <source>Worked</source>
        <translation>Worked</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Week of {day}</source>
        <translation>Week of {day}</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Worked this week: {time}</source>
        <translation>Worked this week: {time}</translation>
    </message>
    <message>
        <source>* {count} punch(es) saved on this computer, waiting to be sent.</source>
        <translation>* {count} punch(es) saved on this computer, waiting to be sent.</translation>
    </message>
    <message>
        <source>Everything is received by the server.</source>
        <translation>Everything is received by the server.</translation>
    </message>
    <message>
        <source>The server cannot be reached: only this computer&apos;s punches are shown.</source>
        <translation>The server cannot be reached: only this computer&apos;s punches are shown.</translation>
    </message>
    <message>
        <source>Sign in again to see the server&apos;s timesheet.</source>
        <translation>Sign in again to see the server&apos;s timesheet.</translation>
    </message>
    <message>
        <source>This computer&apos;s punches could not be read.</source>
        <translation>This computer&apos;s punches could not be read.</translation>
    </message>
    <message>
        <source>The timesheet could not be loaded completely ({code}).</source>
        <translation>The timesheet could not be loaded completely ({code}).</translation>
    </message>
    <message>
        <source>no clock-out</source>
        <translation>no clock-out</translation>
    </message>
    <message>
        <source>{count} ({time})</source>
        <translation>{count} ({time})</translation>
    </message>
    <message>
        <source>{count} waiting</source>
        <translation>{count} waiting</translation>
    </message>
    <message>
        <source>Break start</source>
        <translation>Break start</translation>
    </message>
    <message>
        <source>Break end</source>
        <translation>Break end</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Waiting to be sent</translation>
    </message>
    <message>
        <source>Received {time}</source>
        <translation>Received {time}</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Training scenarios</source>
        <translation>Training scenarios</translation>
    </message>
    <message>
        <source>Training status</source>
        <translation>Training status</translation>
    </message>
    <message>
        <source>Debrief</source>
        <translation>Debrief</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Start</translation>
    </message>
    <message>
        <source>Start the scenario</source>
        <translation>Start the scenario</translation>
    </message>
    <message>
        <source>&amp;Finish now</source>
        <translation>&amp;Finish now</translation>
    </message>
    <message>
        <source>Finish now and see the debrief</source>
        <translation>Finish now and see the debrief</translation>
    </message>
    <message>
        <source>&amp;Back to the scenarios</source>
        <translation>&amp;Back to the scenarios</translation>
    </message>
    <message>
        <source>Back to the scenarios</source>
        <translation>Back to the scenarios</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>TrainingViewModel</name>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Choose a scenario in the list.</source>
        <translation>Choose a scenario in the list.</translation>
    </message>
    <message>
        <source>What to do:</source>
        <translation>What to do:</translation>
    </message>
    <message>
        <source>The caller says: {words}</source>
        <translation>The caller says: {words}</translation>
    </message>
    <message>
        <source>Loading the scenarios…</source>
        <translation>Loading the scenarios…</translation>
    </message>
    <message>
        <source>Set your status to Available, choose a scenario and press Start.</source>
        <translation>Set your status to Available, choose a scenario and press Start.</translation>
    </message>
    <message>
        <source>Preparing the call…</source>
        <translation>Preparing the call…</translation>
    </message>
    <message>
        <source>The training call is on its way: answer it when it rings.</source>
        <translation>The training call is on its way: answer it when it rings.</translation>
    </message>
    <message>
        <source>Training call in progress.</source>
        <translation>Training call in progress.</translation>
    </message>
    <message>
        <source>The call is over: fill in the wrap-up and submit it to see your debrief.</source>
        <translation>The call is over: fill in the wrap-up and submit it to see your debrief.</translation>
    </message>
    <message>
        <source>The training call did not arrive. Check that you are Available, then try again.</source>
        <translation>The training call did not arrive. Check that you are Available, then try again.</translation>
    </message>
    <message>
        <source>The training line could not place the call. Try again.</source>
        <translation>The training line could not place the call. Try again.</translation>
    </message>
    <message>
        <source>{met} of {total} expectations met.</source>
        <translation>{met} of {total} expectations met.</translation>
    </message>
    <message>
        <source>The run ended before the wrap-up was submitted.</source>
        <translation>The run ended before the wrap-up was submitted.</translation>
    </message>
    <message>
        <source>Well done!</source>
        <translation>Well done!</translation>
    </message>
    <message>
        <source>Some scenario files could not be used:</source>
        <translation>Some scenario files could not be used:</translation>
    </message>
    <message>
        <source>{expected} — {done}</source>
        <translation>{expected} — {done}</translation>
    </message>
    <message>
        <source> or </source>
        <translation> or </translation>
    </message>
    <message>
        <source>Answer within {s} s</source>
        <translation>Answer within {s} s</translation>
    </message>
    <message>
        <source>Work on the card of {customer}</source>
        <translation>Work on the card of {customer}</translation>
    </message>
    <message>
        <source>Open the product {product}</source>
        <translation>Open the product {product}</translation>
    </message>
    <message>
        <source>Fill in a ticket: {category}</source>
        <translation>Fill in a ticket: {category}</translation>
    </message>
    <message>
        <source>Do not create a ticket</source>
        <translation>Do not create a ticket</translation>
    </message>
    <message>
        <source>Transfer the call to {target}</source>
        <translation>Transfer the call to {target}</translation>
    </message>
    <message>
        <source>Disposition: {disposition}</source>
        <translation>Disposition: {disposition}</translation>
    </message>
    <message>
        <source>Submit the wrap-up</source>
        <translation>Submit the wrap-up</translation>
    </message>
    <message>
        <source>you did not answer</source>
        <translation>you did not answer</translation>
    </message>
    <message>
        <source>you answered after {s} s</source>
        <translation>you answered after {s} s</translation>
    </message>
    <message>
        <source>done</source>
        <translation>done</translation>
    </message>
    <message>
        <source>not submitted</source>
        <translation>not submitted</translation>
    </message>
    <message>
        <source>you created a ticket: {category}</source>
        <translation>you created a ticket: {category}</translation>
    </message>
    <message>
        <source>the wrap-up was not submitted</source>
        <translation>the wrap-up was not submitted</translation>
    </message>
    <message>
        <source>no customer card was used</source>
        <translation>no customer card was used</translation>
    </message>
    <message>
        <source>you opened no product</source>
        <translation>you opened no product</translation>
    </message>
    <message>
        <source>no ticket</source>
        <translation>no ticket</translation>
    </message>
    <message>
        <source>the call was not transferred there</source>
        <translation>the call was not transferred there</translation>
    </message>
    <message>
        <source>no disposition</source>
        <translation>no disposition</translation>
    </message>
    <message>
        <source>not done</source>
        <translation>not done</translation>
    </message>
    <message>
        <source>you worked on {customer}</source>
        <translation>you worked on {customer}</translation>
    </message>
    <message>
        <source>you opened {product}</source>
        <translation>you opened {product}</translation>
    </message>
    <message>
        <source>your ticket: {category}</source>
        <translation>your ticket: {category}</translation>
    </message>
    <message>
        <source>you transferred it to {target}</source>
        <translation>you transferred it to {target}</translation>
    </message>
    <message>
        <source>you chose {disposition}</source>
        <translation>you chose {disposition}</translation>
    </message>
    <message>
        <source>You also transferred the call, to {target}</source>
        <translation>You also transferred the call, to {target}</translation>
    </message>
    <message>
        <source>You also transferred the call</source>
        <translation>You also transferred the call</translation>
    </message>
    <message>
        <source>You also opened {product}</source>
        <translation>You also opened {product}</translation>
    </message>
    <message>
        <source>You also created a ticket: {category}</source>
        <translation>You also created a ticket: {category}</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>HomeAgent</source>
        <translation>HomeAgent</translation>
    </message>
    <message>
        <source>Show HomeAgent</source>
        <translation>Show HomeAgent</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Incoming call</translation>
    </message>
</context>
</TS>
