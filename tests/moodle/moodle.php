<?php
// Repères — what tests/test_moodle_reel.py asks of the test Moodle, by PHP CLI (run as www-data):
//   php moodle.php <moodle dir> preparer <suffix>            course + trainer + 2 agents, JSON out
//   php moodle.php <moodle dir> suivi <cmid> <username>      per SCO: status, score, suspend_data;
//                                                            gradebook grade; completion state
//   php moodle.php <moodle dir> banque <courseid>            questions and categories of the course;
//                                                            each multiple-answer question graded
//                                                            ticked all, then ticked right, by
//                                                            Moodle's question engine
// Uploads, plays and the bank import go through the web pages (the test drives them in Chromium).
define('CLI_SCRIPT', true);
$dossier = $argv[1];
require($dossier . '/config.php');
require_once($CFG->dirroot . '/user/lib.php');
require_once($CFG->dirroot . '/course/lib.php');
require_once($CFG->libdir . '/gradelib.php');
require_once($CFG->libdir . '/completionlib.php');
require_once($CFG->dirroot . '/mod/scorm/locallib.php');
require_once($CFG->dirroot . '/question/engine/lib.php');

$action = $argv[2];
\core\session\manager::set_user(get_admin());

function utilisateur(string $nom, string $prenom): stdClass {
    global $CFG, $DB;
    $id = user_create_user((object)['username' => $nom, 'password' => 'Essai-1234', 'firstname' => $prenom,
        'lastname' => 'Essai', 'email' => $nom . '@example.invalid', 'auth' => 'manual', 'confirmed' => 1,
        'mnethostid' => $CFG->mnet_localhost_id, 'lang' => 'en']);
    return $DB->get_record('user', ['id' => $id]);
}

if ($action === 'preparer') {
    $s = $argv[3];
    $cours = create_course((object)['fullname' => "Repères essai $s", 'shortname' => "reperes-$s", 'category' => 1,
        'enablecompletion' => 1, 'format' => 'topics', 'numsections' => 1]);
    $manuel = enrol_get_plugin('manual');
    $inscription = $DB->get_record('enrol', ['courseid' => $cours->id, 'enrol' => 'manual'], '*', MUST_EXIST);
    $roles = $DB->get_records_menu('role', null, '', 'shortname, id');
    $sortie = ['cours' => (int)$cours->id, 'utilisateurs' => []];
    foreach ([['formateur', 'editingteacher'], ['agent', 'student'], ['agent2', 'student']] as [$qui, $role]) {
        $u = utilisateur("$qui-$s", ucfirst($qui));
        $manuel->enrol_user($inscription, $u->id, $roles[$role]);
        $sortie['utilisateurs'][$qui] = $u->username;
    }
    echo json_encode($sortie);
} else if ($action === 'suivi') {
    $cm = get_coursemodule_from_id('scorm', (int)$argv[3], 0, false, MUST_EXIST);
    $scorm = $DB->get_record('scorm', ['id' => $cm->instance], '*', MUST_EXIST);
    $u = $DB->get_record('user', ['username' => $argv[4]], '*', MUST_EXIST);
    $tentative = scorm_get_last_attempt($scorm->id, $u->id);
    $scos = [];
    foreach ($DB->get_records('scorm_scoes', ['scorm' => $scorm->id, 'scormtype' => 'sco'], 'sortorder') as $sco) {
        $t = scorm_get_tracks($sco->id, $u->id, $tentative);
        $scos[$sco->identifier] = $t ? ['statut' => $t->status ?? null, 'score' => $t->score_raw ?? null,
            'suspend_data' => $t->{'cmi.suspend_data'} ?? null, 'titre' => $sco->title] : null;
    }
    $notes = grade_get_grades($cm->course, 'mod', 'scorm', $scorm->id, $u->id);
    $note = $notes->items ? $notes->items[0]->grades[$u->id]->grade : null;
    $cours = get_course($cm->course);
    $etat = (new completion_info($cours))->get_data(get_fast_modinfo($cours)->get_cm($cm->id), false, $u->id);
    echo json_encode(['tentative' => (int)$tentative, 'scos' => $scos, 'note' => $note === null ? null : (float)$note,
        'achevement' => (int)$etat->completionstate, 'reglages' => ['grademethod' => (int)$scorm->grademethod,
        'forcenewattempt' => (int)$scorm->forcenewattempt, 'popup' => (int)$scorm->popup,
        'completionstatusrequired' => (int)$scorm->completionstatusrequired,
        'completionstatusallscos' => (int)$scorm->completionstatusallscos]]);
} else if ($action === 'banque') {
    $contexte = context_course::instance((int)$argv[3]);
    $categories = $DB->get_records_sql_menu("SELECT id, name FROM {question_categories} WHERE contextid = ?", [$contexte->id]);
    $questions = $DB->get_records_sql("SELECT qbe.idnumber, MAX(q.id) AS id
        FROM {question_bank_entries} qbe JOIN {question_versions} qv ON qv.questionbankentryid = qbe.id
        JOIN {question} q ON q.id = qv.questionid JOIN {question_categories} qc ON qc.id = qbe.questioncategoryid
        WHERE qc.contextid = ? GROUP BY qbe.idnumber", [$contexte->id]);
    // Every multiple-answer question, graded by Moodle's engine: all options ticked, then the right ones.
    $notes = [];
    foreach ($questions as $idnumber => $ligne) {
        $q = question_bank::load_question($ligne->id);
        if (!($q instanceof qtype_multichoice_multi_question)) {
            continue;
        }
        foreach (['tout' => fn($id) => true, 'justes' => fn($id) => $q->answers[$id]->fraction > 0] as $nom => $cocher) {
            $quba = question_engine::make_questions_usage_by_activity('core_question_preview', $contexte);
            $quba->set_preferred_behaviour('deferredfeedback');
            $slot = $quba->add_question(question_bank::load_question($q->id), 1);
            $quba->start_all_questions();
            $reponse = [];
            foreach ($quba->get_question($slot)->get_order($quba->get_question_attempt($slot)) as $rang => $idreponse) {
                if ($cocher($idreponse)) {
                    $reponse["choice$rang"] = 1;
                }
            }
            $quba->process_action($slot, $reponse);
            $quba->finish_all_questions();
            $notes[$idnumber][$nom] = round((float)$quba->get_question_fraction($slot), 5);
        }
    }
    echo json_encode(['categories' => array_values($categories), 'questions' => array_keys($questions),
        'notes' => $notes]);
}
