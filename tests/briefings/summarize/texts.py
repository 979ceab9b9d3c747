"""Made-up example articles for the summarizer tests (written for these tests)."""

HARBOUR = """\
The port authority of Lindenmouth approved a plan on Monday to dredge the harbour channel, \
ending a two-year dispute with local fishermen.
The project will deepen the main channel to twelve metres so that larger container ships can dock.
Fishing associations had argued that the dredging would destroy breeding grounds for shellfish.
Under the agreement, work will pause every spring during the spawning season.
Is this the end of the conflict?
Scroll down for video.
The authority said the first phase would cost about forty million euros and start in September.
Environmental groups said they would monitor the water quality throughout the works.
Local shops near the quay expect more visitors once cruise ships can use the port.
The mayor called the compromise a model for other coastal towns facing similar disputes."""

HARBOUR_TITLE = "Lindenmouth approves harbour dredging after deal with fishermen"

ELECTION = """\
Voters in the northern province of Estrava elected a new governor on Sunday in a tightly \
contested race.
Maria Okonkwo of the Reform Party won fifty-two percent of the vote, according to official results.
Her rival, the incumbent governor Tomas Riedl, conceded defeat late on Sunday evening.
Turnout reached sixty-one percent, the highest in the province for two decades.
Okonkwo has promised to expand rural bus services and to freeze local property taxes.
She will take office at the start of next month after the results are certified."""

ELECTION_OTHER_OUTLET = """\
Reform Party candidate Maria Okonkwo has won the race for governor of Estrava, official results \
showed on Sunday.
Okonkwo took fifty-two percent of the vote against incumbent Tomas Riedl.
Riedl conceded defeat late on Sunday evening and congratulated his opponent.
Analysts said rural voters angry about cuts to bus services decided the election."""

STORM = """\
A powerful storm swept across the southern coast of Varnland on Tuesday, cutting power to \
thousands of homes.
Wind gusts of up to one hundred and thirty kilometres an hour were recorded at the lighthouse \
in Port Ansel.
Emergency services reported dozens of fallen trees blocking roads in the coastal villages.
Schools in three districts will remain closed on Wednesday while crews clear the debris.
The national weather office expects the storm to weaken as it moves inland overnight."""

GERMAN = """\
Der Stadtrat von Lindenmouth hat am Montag einen neuen Haushalt für das kommende Jahr beschlossen.
Die Ausgaben für Schulen und Kindergärten steigen um fünf Prozent gegenüber dem Vorjahr.
Kritiker bemängeln, dass die Sanierung der Straßen im Norden der Stadt erneut verschoben wird.
Der Bürgermeister verteidigte den Plan am Dienstag auf einer Pressekonferenz im Rathaus.
Der Haushalt tritt im Januar in Kraft, sofern die Landesregierung ihn genehmigt."""

RUSSIAN = """\
Городской совет утвердил в понедельник новый бюджет на следующий год после долгих споров.
Расходы на школы и детские сады вырастут на пять процентов по сравнению с прошлым годом.
Критики считают, что ремонт дорог в северных районах города снова откладывается.
Мэр защитил план во вторник на пресс-конференции в здании мэрии.
Бюджет вступит в силу в январе, если его одобрит правительство региона."""

CHINESE = (
    "市议会周一通过了明年的新预算，结束了数月的争论。"
    "学校和幼儿园的支出将比去年增加百分之五。"
    "批评者表示，城市北部道路的维修再次被推迟。"
    "市长周二在市政厅的新闻发布会上为该计划辩护。"
    "如果省政府批准，预算将于一月生效。"
)
